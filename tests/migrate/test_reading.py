"""Both sides read by Compose at once, and no reading that cannot succeed (devenv/migrate/
sides.py). The real Compose reads; a wrapper in DEVENV_DOCKER only counts the calls."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devenv.migrate import sides
from devenv.migrate.importer import ImportOptions, import_project
from tests.conftest import REPO, tool

CORPUS = REPO / "tests" / "data" / "import"


def _counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "docker"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {tool("docker")} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("DEVENV_DOCKER", str(wrapper))
    return log


def _project(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / name
    shutil.copytree(CORPUS / name, folder)
    return folder


@pytest.mark.parametrize(
    ("name", "prod", "form", "calls"),
    [
        # a stack file: dev and the stack file on its own, at once
        ("voting", "docker-stack.yml", "stack", [["docker-compose.yml"], ["docker-stack.yml"]]),
        # an overlay whose db names no image: its reading alone, started at once, is
        # stopped as soon as its text shows that, and base + overlay start then, not after
        (
            "shop",
            "compose.prod.yaml",
            "overlay",
            [["compose.yaml", "compose.override.yaml"], ["compose.yaml", "compose.prod.yaml"]],
        ),
    ],
)
def test_one_reading_per_side(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    prod: str,
    form: str,
    calls: list[list[str]],
) -> None:
    log = _counted(tmp_path, monkeypatch)
    info = import_project(ImportOptions(_project(name, tmp_path), prod=(prod,)))
    assert info.prod_form == form
    read = [line.split() for line in log.read_text().splitlines()]
    files = [[w for i, w in enumerate(argv) if i and argv[i - 1] == "-f"] for argv in read]
    # the stopped reading alone may be killed before the wrapper has logged it
    stopped = [f for f in files if f not in calls]
    assert stopped in ([], [[prod]])
    assert form == "overlay" or not stopped
    assert sorted(f for f in files if f in calls) == sorted(calls)


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("services:\n  a: {image: x}\n  b: {deploy: {replicas: 2}}\n", True),
        ("services:\n  a: {image: x}\n", False),
        ("services:\n  a: {extends: {file: base.yml, service: a}}\n", False),
        ("include: [base.yml]\nservices:\n  a: {deploy: {}}\n", False),
        ("services: [\n", False),  # unreadable: Compose decides
        ("services: nope\n", False),
        ("x-base: &b {image: x}\nservices:\n  a: {<<: *b}\n", False),
    ],
)
def test_needs_base(tmp_path: Path, text: str, needs: bool) -> None:
    (tmp_path / "prod.yml").write_text(text)
    assert sides.needs_base(tmp_path, ["prod.yml"]) is needs


def test_needs_base_over_several_files(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("services:\n  web: {deploy: {replicas: 2}}\n")
    (tmp_path / "b.yml").write_text("services:\n  web: {image: nginx:1.27}\n")
    assert sides.needs_base(tmp_path, ["a.yml", "b.yml"]) is False
    assert sides.needs_base(tmp_path, ["a.yml"]) is True


def test_a_big_file_is_left_to_compose(tmp_path: Path) -> None:
    services = "".join(f"  s{i}: {{deploy: {{replicas: 2}}}}\n" for i in range(2000))
    (tmp_path / "prod.yml").write_text("services:\n" + services)
    assert len((tmp_path / "prod.yml").read_text()) > sides.CHECKED_SIZE
    assert sides.needs_base(tmp_path, ["prod.yml"]) is False  # unsure: Compose decides
