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
