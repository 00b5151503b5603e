from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.dev import reloader
from tests.commands import fake_docker

CONFIG = "project: demo\nservices:\n  web: {image: 'busybox:1.36'}\n"


def test_watch_runs_the_reloader_on_the_project(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker.install(tmp_path, monkeypatch)
    from devenv import engine

    running = [{"Labels": {engine.SERVICE_LABEL: "web"}}]
    monkeypatch.setattr(engine, "project_containers", lambda *_a, **_k: running)
    seen: list[str] = []

    def run(self: reloader.Reloader, stop: threading.Event) -> None:
        seen.append(self.executor.stack.project)

    monkeypatch.setattr(reloader.Reloader, "run", run)
    result = CliRunner().invoke(app, ["watch", "-c", str(write_config(CONFIG))])
    assert result.exit_code == 0, result.output
    assert seen == ["demo-dev"]
    assert f"watching {tmp_path}" in result.output


def test_watch_on_a_stack_that_is_down_says_so_and_exits_2(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker.install(tmp_path, monkeypatch)  # its engine has no container at all
    monkeypatch.setattr(reloader.Reloader, "run", lambda *_a: pytest.fail("it watched"))
    result = CliRunner().invoke(app, ["watch", "-c", str(write_config(CONFIG))])
    assert result.exit_code == 2
    assert "demo-dev is not up: nothing to reload" in result.output
    assert "`devenv up -d` and then `devenv watch`" in " ".join(result.output.split())
