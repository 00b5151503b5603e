from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from devenv.cli import app, main

COMPOSE = """\
services:
  web:
    image: nginx:1.27
    ports: ["${WEB_PORT:-8080}:80"]
    environment:
      API_TOKEN: abc123
    runtime: runc
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return tmp_path


def test_import_writes_and_summarises(project: Path) -> None:
    result = CliRunner().invoke(app, ["import", str(project)])
    assert result.exit_code == 0, result.output
    assert "imported 1 services from compose.yaml" in result.output
    assert "web: compose: runtime" in result.output or "dev.compose: runtime" in result.output
    assert "web: environment.API_TOKEN" in result.output  # the secret, by name only
    assert "abc123" not in result.output
    text = (project / "devenv.yaml").read_text()
    assert "${WEB_PORT:-8080}:80" in text  # a reference stays a reference
    assert "# not modelled by devenv yet" in text
    web = yaml.safe_load(text)["services"]["web"]
    assert web["image"] == "nginx:1.27"


def test_never_over_an_existing_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "devenv.yaml").write_text("mine\n")
    assert main(["import", str(project)]) == 2
    assert "exists: give --force" in capsys.readouterr().err
    assert (project / "devenv.yaml").read_text() == "mine\n"
    assert main(["import", str(project), "--force"]) == 0
    assert (project / "devenv.yaml").read_text() != "mine\n"


def test_compose_error_passed_through(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text("services:\n  web:\n    image: [\n")
    assert main(["import", str(project)]) == 2
    err = capsys.readouterr().err
    assert "docker compose rejects" in err
    assert "line" in err  # Compose's own position
    assert "Traceback" not in err
    assert not (project / "devenv.yaml").exists()


def test_no_compose_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path)]) == 2
    assert "no Compose file" in capsys.readouterr().err


def _hung_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DEVENV_DOCKER names a CLI whose Compose never answers (fault injection); each call
    is a line of the log returned."""
    log = tmp_path / "calls.log"
    script = tmp_path / "hung-docker"
    script.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec sleep 60\n')
    script.chmod(0o755)
    monkeypatch.setenv("DEVENV_DOCKER", str(script))
    return log


@pytest.mark.parametrize("prod", [[], ["--prod", "compose.prod.yaml"]])
def test_a_hung_compose_is_a_clear_error(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    prod: list[str],
) -> None:
    (project / "compose.prod.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    log = _hung_docker(tmp_path, monkeypatch)
    start = time.monotonic()
    assert main(["import", str(project), "--timeout", "0.5", *prod]) == 2
    assert time.monotonic() - start < 5
    # with --prod: dev and the stack-file reading at once; one that hung is not retried
    # as an overlay
    assert len(log.read_text().splitlines()) == (2 if prod else 1)
    err = capsys.readouterr().err
    assert "compose --project-directory" in err
    assert "config --format json" in err
    assert "did not finish within 0.5 s" in err
    assert "Traceback" not in err
    assert not (project / "devenv.yaml").exists()


def test_timeout_must_be_a_number_of_seconds(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(project), "--timeout", "0"]) == 2
    assert "--timeout 0: give a number of seconds above 0" in capsys.readouterr().err
