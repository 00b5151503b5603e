from __future__ import annotations

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
