from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from tests.commands import fake_docker

CONFIG = "project: demo\nservices:\n  web: {image: 'busybox:1.36'}\n  db: {image: 'busybox:1.36'}\n"


@pytest.mark.parametrize(
    ("args", "compose"),
    [
        ([], ["logs"]),
        (["web"], ["logs", "web"]),
        (["-f"], ["logs", "--follow"]),
        (["db", "--follow"], ["logs", "--follow", "db"]),
    ],
)
def test_logs(
    write_config: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    compose: list[str],
) -> None:
    docker = fake_docker.install(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["logs", "-c", str(write_config(CONFIG)), *args])
    assert result.exit_code == 0, result.output
    assert docker.compose_calls() == [compose]


def test_logs_of_an_unknown_service(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker.install(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["logs", "-c", str(write_config(CONFIG)), "api"])
    assert result.exit_code == 2
    assert "no service 'api'" in result.output
