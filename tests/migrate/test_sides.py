"""Ports and networks that differ per environment land in `dev:`/`prod:`, not in the
escape hatch, from an overlay and from a stack file (the round trip itself is in
test_corpus: sided, sidedstack)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from devenv.migrate.importer import ImportOptions, import_project
from tests.conftest import REPO

CORPUS = REPO / "tests" / "data" / "import"


def _imported(name: str, prod: str, tmp_path: Path) -> tuple[dict[str, Any], list[str]]:
    folder = tmp_path / name
    shutil.copytree(CORPUS / name, folder)
    info = import_project(ImportOptions(folder, prod=(prod,)))
    config: dict[str, Any] = yaml.safe_load((folder / "devenv.yaml").read_text())
    return config["services"], [n.what for n in info.result.notes]


def test_from_overlays(tmp_path: Path) -> None:
    services, notes = _imported("sided", "compose.prod.yaml", tmp_path)
    api, db, gateway = services["api"], services["db"], services["gateway"]
    assert api["dev"]["ports"] == ["127.0.0.1:8000:8000", "5678:5678"]
    assert "ports" not in api
    assert "ports" not in api["prod"]
    assert api["dev"]["networks"] == ["back", "debug", "front"]
    assert api["prod"]["networks"] == {"back": {"aliases": ["api.internal"]}, "front": None}
    assert db["dev"]["ports"] == ["5432:5432"]
    assert db["prod"]["networks"] == ["admin", "back"]
    assert gateway["prod"]["ports"] == ["8080:80", "443:443"]  # the overlay adds to the base
    for svc in services.values():
        assert "compose" not in svc
        assert "compose" not in svc.get("dev", {})
        assert "compose" not in svc.get("prod", {})
    assert not [n for n in notes if "not modelled" in n]


@pytest.mark.parametrize("key", ["ports", "networks"])
def test_from_a_stack_file(tmp_path: Path, key: str) -> None:
    services, _ = _imported("sidedstack", "docker-stack.yml", tmp_path)
    web = services["web"]
    assert key not in web  # nothing alike: nothing common
    assert web["dev"].get(key) == (["5000:80", "9229:9229"] if key == "ports" else None)
    assert key in web["prod"]
    assert "compose" not in web["dev"]
    assert "compose" not in web["prod"]
