from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from tests.commands import fake_docker

CONFIG = "project: demo\nservices:\n  web: {image: 'busybox:1.36'}\n"


def test_exec_passes_the_command_and_its_options_through(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docker = fake_docker.install(tmp_path, monkeypatch)
    config = str(write_config(CONFIG))
    result = CliRunner().invoke(app, ["exec", "-c", config, "web", "ls", "-la", "--color", "/"])
    assert result.exit_code == 0, result.output
    # Not a terminal here, so no TTY is asked for.
    assert docker.compose_calls() == [["exec", "-T", "web", "ls", "-la", "--color", "/"]]


def test_exec_exits_with_the_command_s_exit_code(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker.install(tmp_path, monkeypatch, code=7)
    result = CliRunner().invoke(app, ["exec", "-c", str(write_config(CONFIG)), "web", "false"])
    assert result.exit_code == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["api", "ls"], "no service 'api'"),
        (["web"], "Missing argument"),
    ],
)
def test_exec_bad_input(
    write_config: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    docker = fake_docker.install(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["exec", "-c", str(write_config(CONFIG)), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert docker.compose_calls() == []
