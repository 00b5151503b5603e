"""`${VAR}` in typed fields of an imported project: the import keeps the reference, and
devenv's renders agree with what Compose and Swarm make of the original, whatever the
variables say (the corpus round trip runs typedvars with its .env alone)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from devenv.config import load_config
from devenv.render import render_prod
from tests.conftest import REPO
from tests.migrate.roundtrip import round_trip

TYPEDVARS = REPO / "tests" / "data" / "import" / "typedvars"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "typedvars"
    shutil.copytree(TYPEDVARS, folder)
    (folder / "import.yaml").unlink()
    return folder


def test_references_kept_and_typed_literals_cast(folder: Path) -> None:
    assert round_trip(folder, prod=["docker-stack.yml"]) == []
    api = yaml.safe_load((folder / "devenv.yaml").read_text())["services"]["api"]
    assert api["prod"]["replicas"] == "${API_REPLICAS:-2}"
    assert api["healthcheck"]["retries"] == "${HC_RETRIES:-3}"
    assert api["init"] is True  # `init: "true"` in dev, `init: true` in the stack: alike
    assert "compose" not in api.get("dev", {})


def test_the_environment_decides_on_both_sides(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var, value in {
        "API_REPLICAS": "5",  # over .env's 3, as in Compose
        "API_PORT": "8123",
        "HC_RETRIES": "7",
        "API_READ_ONLY": "false",
        "API_CPUS": "1.5",
        "API_PARALLEL": "2",
        "PER_NODE": "1",
    }.items():
        monkeypatch.setenv(var, value)
    assert round_trip(folder, prod=["docker-stack.yml"]) == []
    cfg = load_config(folder / "devenv.yaml")
    api = render_prod(cfg, cfg.root, "v1")["services"]["api"]
    assert api["deploy"]["replicas"] == 5
    assert api["deploy"]["update_config"]["parallelism"] == 2
    assert api["healthcheck"]["retries"] == 7
    assert api["read_only"] is False
    assert api["ports"][0]["published"] == 8123
