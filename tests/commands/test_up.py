from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv import engine
from devenv.cli import app
from tests.commands import fake_docker

CONFIG = """\
project: demo
services:
  web:
    build: {context: .}
    ports: ["8080"]
  worker:
    image: busybox:1.36
"""


@pytest.fixture
def config(write_config: Callable[..., Path]) -> Path:
    return write_config(CONFIG)


def test_detach_renders_the_stack_and_starts_it(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docker = fake_docker.install(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["up", "-c", str(config), "--detach", "--no-build", "web"])
    assert result.exit_code == 0, result.output
    compose = tmp_path / ".devenv" / "compose.dev.yml"
    assert "name: demo-dev" in compose.read_text()
    assert (tmp_path / ".devenv" / ".gitignore").read_text().endswith("*\n")
    (call,) = [c for c in docker.calls() if c[:2] == ["compose", "-p"]]
    assert call[:7] == [
        "compose",
        "-p",
        "demo-dev",
        "-f",
        str(compose),
        "--project-directory",
        str(tmp_path),
    ]
    assert call[7:] == ["up", "-d", "--remove-orphans", "--no-build", "web"]


def test_a_failed_compose_up_exits_1(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker.install(tmp_path, monkeypatch, code=1)
    result = CliRunner().invoke(app, ["up", "-c", str(config), "-d"])
    assert result.exit_code == 1
    assert "`docker compose up` failed" in result.output


def test_an_unknown_service_is_bad_input(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docker = fake_docker.install(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["up", "-c", str(config), "-d", "api"])
    assert result.exit_code == 2
    assert "no service 'api'" in result.output
    assert "web, worker" in result.output
    assert docker.calls() == []


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("", "`docker compose` (Compose v2) does not work here"),
        ("v2.19.1", "Docker Compose v2.19.1 is too old: devenv needs 2.20 or later"),
        ("1.29.2", "too old"),
    ],
)
def test_a_missing_or_old_compose_is_one_sentence_and_exit_2(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, message: str
) -> None:
    fake_docker.install(tmp_path, monkeypatch, version=version)
    result = CliRunner().invoke(app, ["up", "-c", str(config), "-d"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("version", ["v2.20.0", "2.40.3-desktop.1", "v2.40.3"])
def test_a_recent_compose_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    fake_docker.install(tmp_path, monkeypatch, version=version)
    assert engine.check_compose() == version


def test_no_docker_cli(config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    result = CliRunner().invoke(app, ["up", "-c", str(config), "-d"])
    assert result.exit_code == 2
    assert "no docker CLI `docker` on PATH: install Docker CLI 20.10 or later" in result.output


def test_an_unreachable_engine_is_one_sentence_and_exit_2(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_docker.install(tmp_path, monkeypatch, stub_engine=False)
    engine.client.cache_clear()
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    result = CliRunner().invoke(app, ["up", "-c", str(config), "-d"])
    engine.client.cache_clear()
    assert result.exit_code == 2
    assert f"cannot reach the Docker engine at unix://{tmp_path}/no-engine.sock" in result.output
    said = " ".join(result.output.split())
    assert "point DOCKER_HOST at a running one" in said
    assert "systemctl start docker" in said
    assert "scripts/setup" not in said  # a script of devenv's repository, not the user's


@pytest.mark.parametrize("command", [["up", "-d"], ["up"], ["watch"]])
def test_a_second_dev_loop_in_the_project_is_refused_before_any_docker_call(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    from devenv.dev import session

    docker = fake_docker.install(tmp_path, monkeypatch)
    with session.hold(tmp_path / ".devenv", "up"):
        result = CliRunner().invoke(app, [*command, "-c", str(config)])
    assert result.exit_code == 2, result.output
    assert f"`devenv up` (pid {os.getpid()}, since " in result.output
    assert "Traceback" not in result.output
    assert docker.calls() == []
