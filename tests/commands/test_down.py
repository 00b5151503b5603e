from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from tests.commands import fake_docker

CONFIG = "project: demo\nservices:\n  web: {image: 'busybox:1.36'}\n"


@pytest.mark.parametrize(
    ("args", "compose"),
    [
        ([], ["--profile", "*", "down", "--remove-orphans"]),
        (["--volumes"], ["--profile", "*", "down", "--remove-orphans", "--volumes"]),
        (["-v"], ["--profile", "*", "down", "--remove-orphans", "--volumes"]),
    ],
)
def test_down(
    write_config: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    compose: list[str],
) -> None:
    docker = fake_docker.install(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["down", "-c", str(write_config(CONFIG)), *args])
    assert result.exit_code == 0, result.output
    assert docker.compose_calls() == [compose]


def test_a_failed_down_exits_1(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker.install(tmp_path, monkeypatch, code=1)
    result = CliRunner().invoke(app, ["down", "-c", str(write_config(CONFIG))])
    assert result.exit_code == 1
    assert "`docker compose down` failed" in result.output


def test_down_forgets_the_last_reloads(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devenv.config import load_config
    from devenv.dev import stackfile as devstack

    fake_docker.install(tmp_path, monkeypatch)
    cfg = load_config(write_config(CONFIG), env={})
    devstack.record_reload(cfg, "web", {"action": "restart", "ok": True})
    assert devstack.read_state(cfg)["services"]["web"]["last_reload"]["ok"] is True
    failed = fake_docker.install(tmp_path, monkeypatch, code=1)
    assert CliRunner().invoke(app, ["down", "-c", str(cfg.path)]).exit_code == 1
    assert "web" in devstack.read_state(cfg)["services"], "a failed down forgot them"
    assert failed.compose_calls()
    fake_docker.install(tmp_path, monkeypatch)
    assert CliRunner().invoke(app, ["down", "-c", str(cfg.path)]).exit_code == 0
    assert devstack.read_state(cfg) == {"services": {}}
