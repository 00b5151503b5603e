"""Issue 14, item 1: a secret's name reveals nothing about its value. The old name was
`<name>-<sha256(value)[:10]>`: a 6-digit PIN fell to 10^6 guesses in a fraction of a second.
Here every PIN is tried against the rendered name, with the old scheme and plain prefixes."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from devenv.config import load_config
from devenv.render import render_prod
from devenv.secretkey import key_path

PIN = "402917"
CONFIG = (
    "project: vault\nservices:\n  api:\n    image: nginx:1.27\n"
    "    prod:\n      secrets: [{name: pin, file: pin.txt}]\n"
)


def secret_name(project: Path) -> str:
    cfg = load_config(project / "devenv.yaml", {})
    names = list(render_prod(cfg, cfg.root, "v1")["secrets"])
    assert len(names) == 1
    return str(names[0])


def test_no_hash_of_any_pin_is_in_the_name(tmp_path: Path) -> None:
    (tmp_path / "devenv.yaml").write_text(CONFIG)
    (tmp_path / "pin.txt").write_text(PIN)
    name = secret_name(tmp_path)
    suffix = name.rsplit("-", 1)[1]
    assert name.startswith("pin-")
    assert len(suffix) == 10
    sha256, sha1, md5 = hashlib.sha256, hashlib.sha1, hashlib.md5  # sha256: the old scheme
    guesses = [b"%06d" % n for n in range(1_000_000)]
    leaks = [g for g in guesses if sha256(g).hexdigest()[:10] == suffix]
    leaks += [g for g in guesses if sha1(g).hexdigest()[:10] == suffix]
    leaks += [g for g in guesses if md5(g).hexdigest()[:10] == suffix]
    assert leaks == []
    # the brute force is honest: the old scheme's name would have been found
    assert hashlib.sha256(PIN.encode()).hexdigest()[:10] != suffix


def test_the_name_is_stable_on_this_machine_and_changes_with_the_value(tmp_path: Path) -> None:
    (tmp_path / "devenv.yaml").write_text(CONFIG)
    (tmp_path / "pin.txt").write_text(PIN)
    first = secret_name(tmp_path)
    assert secret_name(tmp_path) == first  # no churn on a redeploy
    (tmp_path / "pin.txt").write_text("123456")
    assert secret_name(tmp_path) != first


def test_the_key_is_private_and_never_in_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "devenv.yaml").write_text(CONFIG)
    (project / "pin.txt").write_text(PIN)
    cfg = load_config(project / "devenv.yaml", {})
    text = str(render_prod(cfg, cfg.root, "v1"))
    key = key_path("vault")
    assert key.parent.parent.parent == Path(os.environ["XDG_STATE_HOME"])
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    data = key.read_bytes()
    assert len(data) == 32
    assert data.hex() not in text
    assert sorted(p.name for p in project.iterdir()) == ["devenv.yaml", "pin.txt"]


def test_configs_keep_their_content_hash(tmp_path: Path) -> None:
    (tmp_path / "devenv.yaml").write_text(
        CONFIG.replace(
            "secrets: [{name: pin, file: pin.txt}]",
            "configs: [{source: app.conf, target: /etc/app.conf}]",
        )
    )
    (tmp_path / "app.conf").write_text("x=1\n")
    cfg = load_config(tmp_path / "devenv.yaml", {})
    names = list(render_prod(cfg, cfg.root, "v1")["configs"])
    digest = hashlib.sha256(b"x=1\n").hexdigest()[:10]
    assert names == [f"app.conf-{digest}"]
