from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.composefile import dump, dump_escaped
from devenv.config import load_config
from devenv.errors import DevenvError
from devenv.prod import targets
from devenv.prod.releases import Release


def test_file_lock_backend_creates_each_generation_once(tmp_path: Path) -> None:
    backend = targets.FileLockBackend(tmp_path / ".devenv" / "lock-app")
    assert backend.generations() == {}
    assert backend.create(1, "first")
    assert not backend.create(1, "second")
    assert backend.create(2, "third")
    (tmp_path / ".devenv" / "lock-apple.1").write_text("another stack")
    (tmp_path / ".devenv" / "lock-app").write_text("before generations")
    assert backend.generations() == {0: "before generations", 1: "first", 2: "third"}
    backend.remove(1)
    backend.remove(1)  # twice is fine
    backend.remove(0)
    assert backend.generations() == {2: "third"}
    names = sorted(p.name for p in (tmp_path / ".devenv").iterdir())
    # The mutex that serialises listings stays (removing it would race its own flock).
    assert names == [".lock-app.mutex", "lock-app.2", "lock-apple.1"]


def test_recorded_stack_redeploys_byte_for_byte() -> None:
    # dump() escapes `$` for Compose; a recorded stack is already escaped and must stay so.
    text = dump({"services": {"web": {"image": "x@sha256:1", "command": "echo $HOME"}}})
    release = Release(1, "promote", "v1", {}, "h", text, "me", "now", "deployed")
    stack = targets.load_recorded(release)
    assert stack["services"]["web"]["command"] == "echo $$HOME"
    assert dump_escaped(stack).count("$$HOME") == 1


def test_unknown_target(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config("project: a\nservices:\n  w: {image: 'x:1'}\n"))
    with pytest.raises(DevenvError, match="--target k8s: expected swarm or compose"):
        targets.get("k8s", cfg)


def test_compose_container_back_in_compose_form() -> None:
    info = {
        "Config": {
            "Image": "r/a:1@sha256:" + "a" * 64,
            "Env": ["PATH=/bin", "MODE=prod"],
            "Healthcheck": {"Test": ["CMD", "true"]},
        },
        "HostConfig": {
            "PortBindings": {"8080/tcp": [{"HostIp": "", "HostPort": "18080"}]},
            "Memory": 33554432,
        },
        "Mounts": [
            {"Type": "volume", "Name": "app_web-data", "Destination": "/data"},
            {"Type": "bind", "Source": "/x/app.conf", "Destination": "/etc/app.conf"},
        ],
    }
    out = targets.compose_service(info, {"PATH=/bin"}, "app_")
    assert out["environment"] == ["MODE=prod"]
    assert out["ports"] == [{"target": 8080, "published": 18080, "mode": "host", "protocol": "tcp"}]
    assert out["volumes"] == [{"type": "volume", "source": "web-data", "target": "/data"}]
    assert out["deploy"] == {"replicas": 1, "resources": {"limits": {"memory": 33554432}}}
