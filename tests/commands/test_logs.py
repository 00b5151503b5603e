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


def test_lines_are_prefixed_by_service_as_up_prints_them(
    write_config: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from devenv.commands import logs as cmd

    lines = [
        "web-1  | GET / 200",
        "db-1   | ready | accepting connections",
        "db-1   |",
        "other-1  | not a service of this project",
        "no prefix at all",
    ]
    extra = 'if [ "$8" = logs ]; then printf "%s\\n" ' + " ".join(f"'{x}'" for x in lines) + "; fi"
    fake_docker.install(tmp_path, monkeypatch, extra=extra)
    assert cmd.run(config=write_config(CONFIG)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "web    | GET / 200",  # as wide as `devenv up`'s prefixes, `devenv` the widest
        "db     | ready | accepting connections",
        "db     | ",
        "other-1  | not a service of this project",
        "no prefix at all",
    ]
