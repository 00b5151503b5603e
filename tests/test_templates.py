"""What each `devenv init` template writes is a project devenv accepts and lints clean.

Every check short of pulling the templates' base images (no registry here): the config loads,
both rendered stacks pass the real `docker compose config`, the real hadolint finds no error
and `devenv lint` nothing at warning or above. `static` is also built and served on the
engine, in tests/e2e/test_templates.py.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv import scaffold
from devenv.cli import app
from devenv.config import load_config
from devenv.lint.finding import severity_rank
from tests.conftest import assert_compose_accepts, tool

TEMPLATES = list(scaffold.TEMPLATES)


@pytest.fixture(params=TEMPLATES)
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    template: str = request.param
    dest = tmp_path / template
    files = scaffold.render_template(template, scaffold.context(template, "demo"))
    scaffold.write_files(dest, files, force=False)
    return dest


def dockerfiles(project: Path) -> list[Path]:
    return sorted(project.rglob("Dockerfile"))


def test_config_loads(project: Path) -> None:
    cfg = load_config(project / "devenv.yaml", env={})
    assert cfg.project == "demo"
    assert cfg.ntp.servers, "production needs NTP servers (DV206)"
    for name, svc in cfg.services.items():
        assert svc.prod.resources.memory, f"{name}: production needs a memory limit (DV210)"
        if svc.build is not None:
            assert svc.build.target == "prod"
            assert svc.dev.target == "dev"
            assert svc.dev.mounts or svc.dev.reload, f"{name}: no hot reload (DV208)"
            assert (project / svc.build.context / ".dockerignore").is_file()


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_stack_passes_docker_compose_config(project: Path, tmp_path: Path, stack: str) -> None:
    assert_compose_accepts(project / "devenv.yaml", tmp_path, stack)


def test_hadolint_finds_no_error(project: Path) -> None:
    for dockerfile in dockerfiles(project):
        proc = subprocess.run(
            [tool("hadolint"), "--format", "json", "--no-fail", str(dockerfile)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        errors = [f for f in json.loads(proc.stdout) if f["level"] == "error"]
        assert errors == [], dockerfile


def test_devenv_lint_finds_nothing_at_warning_or_above(project: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["lint", "-c", str(project / "devenv.yaml"), "--format", "json"],
        catch_exceptions=False,
    )
    findings = json.loads(result.stdout)
    serious = [f for f in findings if severity_rank(f["severity"]) <= severity_rank("warning")]
    assert serious == []
    assert result.exit_code == 0
