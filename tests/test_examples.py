"""Every example loads, renders, passes `docker compose config`, lints clean, and every file in
it is used: by its config, by a Dockerfile that COPYs it, or as its README.

The examples run on the real engine in tests/e2e/test_examples.py (and `hello` in the render
and promote tests); a file that nothing reaches would be a file no test exercises.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from devenv.cli import app, main
from devenv.config import load_config
from devenv.lint.dockerfile import parse_file
from devenv.lint.finding import severity_rank
from tests.conftest import EXAMPLES, assert_compose_accepts, tool

EXAMPLE_DIRS = sorted(p.parent for p in EXAMPLES.glob("*/devenv.yaml"))
IGNORED = {"__pycache__", ".pytest_cache"}


@pytest.fixture(params=EXAMPLE_DIRS, ids=lambda p: p.name)
def example(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def test_the_issue_examples_exist() -> None:
    assert {"hello", "python-web", "with-db"} <= {p.name for p in EXAMPLE_DIRS}


def files_under(path: Path) -> set[Path]:
    if path.is_file():
        return {path}
    return {p for p in path.rglob("*") if p.is_file() and not IGNORED & set(p.parts)}


def copy_sources(dockerfile: Path, context: Path) -> set[Path]:
    used: set[Path] = set()
    for instr in parse_file(dockerfile, str(dockerfile)).instructions:
        if instr.cmd not in ("COPY", "ADD") or any(f.startswith("--from") for f in instr.flags):
            continue
        for source in instr.args[:-1]:
            for match in context.glob(source.rstrip("/")) if source != "." else [context]:
                used |= files_under(match)
    return used


def used_files(example: Path) -> set[Path]:
    cfg = load_config(example / "devenv.yaml", env={})
    used = {example / "devenv.yaml", example / "README.md"}
    for svc in cfg.services.values():
        if svc.build is not None:
            context = example / svc.build.context
            dockerfile = context / svc.build.dockerfile
            used |= {dockerfile, context / ".dockerignore"}
            used |= copy_sources(dockerfile, context)
        for mount in svc.dev.mounts:
            used |= files_under(example / mount.split(":")[0])
        used |= {example / c.source for c in svc.prod.configs}
        used |= {example / s.file for s in svc.prod.secrets if s.file}
        used |= {example / s.file for s in svc.dev.secrets}
    return used


def project_files(example: Path) -> set[Path]:
    """The example's files as git sees them: tracked or new, not what .gitignore hides (the
    `.devenv/` state a local `devenv promote` leaves)."""
    proc = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "."],
        cwd=example,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:  # not a git checkout: every file
        return files_under(example)
    return {example / name for name in proc.stdout.split("\0") if name}


def test_every_file_is_used(example: Path) -> None:
    files = {p for p in project_files(example) if p.exists()}
    unused = sorted(str(p.relative_to(example)) for p in files - used_files(example))
    assert unused == [], f"{example.name}: files that no config, COPY or README uses"


def test_config_loads_and_builds_what_it_names(example: Path) -> None:
    cfg = load_config(example / "devenv.yaml", env={})
    assert cfg.project == example.name
    for svc in cfg.services.values():
        if svc.build is not None:
            assert (example / svc.build.context / svc.build.dockerfile).is_file()


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_stack_passes_docker_compose_config(example: Path, tmp_path: Path, stack: str) -> None:
    assert_compose_accepts(example / "devenv.yaml", tmp_path, stack)


def test_prod_stack_has_no_bind_mount(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "prod.yml"
    config = str(example / "devenv.yaml")
    assert main(["render", "prod", "-c", config, "--tag", "v1", "-o", str(out)]) == 0
    text = out.read_text()
    assert "type: bind" not in text


def test_hadolint_finds_no_error(example: Path) -> None:
    for dockerfile in sorted(example.rglob("Dockerfile")):
        proc = subprocess.run(
            [tool("hadolint"), "--format", "json", "--no-fail", str(dockerfile)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert [f for f in json.loads(proc.stdout) if f["level"] == "error"] == []


def test_devenv_lint_finds_nothing_at_warning_or_above(example: Path) -> None:
    result = CliRunner().invoke(
        app, ["lint", "-c", str(example / "devenv.yaml"), "--format", "json"]
    )
    findings = json.loads(result.stdout)
    rank = severity_rank("warning")
    assert [f for f in findings if severity_rank(f["severity"]) <= rank] == []
    assert result.exit_code == 0


def test_readme_commands_exist(example: Path) -> None:
    readme = (example / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert blocks, "the README shows the commands to run the example"
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    used = re.findall(r"^(?:[A-Z_]+=\S+ )*devenv (\w+)", "".join(blocks), re.MULTILINE)
    used += re.findall(r"&& devenv (\w+)", "".join(blocks))
    assert used
    assert sorted(set(used) - commands) == []
