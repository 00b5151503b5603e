from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from devenv.config import load_config
from devenv.dev import stackfile as devstack
from devenv.errors import DevenvError

CONFIG = """\
project: demo
services:
  web:
    build: {context: .}
    dev: {mounts: ["./src:/app/src"]}
  db: {image: "postgres:16"}
"""


def test_write_compose_renders_from_the_project_folder(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devenv.dev import holders as pause

    monkeypatch.setattr(pause, "ensure_image", lambda: True)
    cfg = load_config(write_config(CONFIG), env={})
    stack = devstack.write_compose(cfg)
    assert stack.project == "demo-dev"
    assert stack.file == tmp_path / ".devenv" / "compose.dev.yml"
    assert stack.directory == tmp_path
    rendered = yaml.safe_load(stack.file.read_text())
    # Relative to --project-directory, not to .devenv/ where the file is.
    assert rendered["services"]["web"]["build"]["context"] == "."
    assert rendered["services"]["web"]["volumes"][0]["source"] == "./src"
    assert rendered["services"]["web"]["network_mode"] == "service:devenv-net-web"
    assert devstack.holders(stack, ["web", "db"]) == ("devenv-net-web",)
    assert (tmp_path / ".devenv" / ".gitignore").read_text().endswith("*\n")


def test_select_keeps_order_and_drops_repeats(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config(CONFIG), env={})
    assert devstack.select(cfg, []) == ()
    assert devstack.select(cfg, ["db", "web", "db"]) == ("db", "web")
    with pytest.raises(DevenvError, match=r"no service .api. in .*; its services are: web, db"):
        devstack.select(cfg, ["web", "api"])


def test_reloads_are_kept_per_service(write_config: Callable[..., Path], tmp_path: Path) -> None:
    cfg = load_config(write_config(CONFIG), env={})
    assert devstack.read_state(cfg) == {"services": {}}
    devstack.record_reload(cfg, "web", {"action": "restart", "latency_s": 0.4})
    devstack.record_reload(cfg, "db", {"action": "exec", "latency_s": 0.1})
    devstack.record_reload(cfg, "web", {"action": "rebuild", "latency_s": 3.0})
    state = json.loads((tmp_path / ".devenv" / "state.json").read_text())
    assert state["services"]["web"]["last_reload"]["action"] == "rebuild"
    assert state["services"]["db"]["last_reload"]["action"] == "exec"
    assert "T" in state["services"]["web"]["last_reload"]["at"]
    devstack.reset_state(cfg)
    assert devstack.read_state(cfg) == {"services": {}}


def test_a_damaged_state_file_reads_as_empty(
    write_config: Callable[..., Path], tmp_path: Path
) -> None:
    cfg = load_config(write_config(CONFIG), env={})
    (tmp_path / ".devenv").mkdir()
    (tmp_path / ".devenv" / "state.json").write_text("{not json")
    assert devstack.read_state(cfg) == {"services": {}}
    devstack.record_reload(cfg, "web", {"action": "restart"})
    assert devstack.read_state(cfg)["services"]["web"]["last_reload"]["action"] == "restart"
