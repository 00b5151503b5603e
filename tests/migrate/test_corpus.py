"""The round trip on the corpus: tests/data/import/ holds Compose projects written for these
tests, each with an `import.yaml` saying how it is imported (files, prod, or that Compose
rejects it). Every one must import with zero differences, dev and prod."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from devenv.cli import main
from tests.conftest import REPO
from tests.migrate.roundtrip import round_trip

CORPUS = REPO / "tests" / "data" / "import"
PROJECTS = sorted(p.parent for p in CORPUS.glob("*/import.yaml"))


def _spec(project: Path) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((project / "import.yaml").read_text()) or {}
    return spec


def _copy(project: Path, tmp_path: Path) -> Path:
    # the folder name is the Compose project name: keep it
    folder = tmp_path / project.name
    shutil.copytree(project, folder)
    (folder / "import.yaml").unlink()
    return folder


def test_the_corpus_is_big_enough() -> None:
    assert len(PROJECTS) >= 15


@pytest.mark.parametrize(
    "project", [p for p in PROJECTS if not _spec(p).get("rejected")], ids=lambda p: p.name
)
def test_round_trip(project: Path, tmp_path: Path) -> None:
    spec = _spec(project)
    folder = _copy(project, tmp_path)
    files, prod = spec.get("files", []), spec.get("prod", [])
    assert round_trip(folder, files, prod) == []


@pytest.mark.parametrize(
    "project", [p for p in PROJECTS if _spec(p).get("rejected")], ids=lambda p: p.name
)
def test_compose_rejects(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(project, tmp_path)
    assert main(["import", str(folder)]) == 2
    err = capsys.readouterr().err
    assert _spec(project)["rejected"] in err
    assert not (folder / "devenv.yaml").exists()
