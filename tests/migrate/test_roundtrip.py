"""The round-trip helper finds real differences: an imported project edited by hand no
longer matches its original, dev or prod."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devenv.migrate import compare
from tests.conftest import REPO
from tests.migrate.roundtrip import round_trip

VOTING = REPO / "tests" / "data" / "import" / "voting"


@pytest.fixture
def voting(tmp_path: Path) -> Path:
    folder = tmp_path / "voting"
    shutil.copytree(VOTING, folder)
    (folder / "import.yaml").unlink()
    assert round_trip(folder, prod=["docker-stack.yml"]) == []
    return folder


@pytest.mark.parametrize(
    ("old", "new", "stack", "expected"),
    [
        ("replicas: 2", "replicas: 3", "prod", "services.vote.deploy.replicas: original 2"),
        ("condition: service_healthy", "condition: service_started", "dev", "condition"),
        ("db-data:/var/lib", "other:/var/lib", "dev", "services.db.volumes"),
        ('"5000:80"', '"5002:80"', "dev", "services.vote.ports[0].published"),
        ("/healthchecks/redis.sh", "/bin/true", "dev", "services.redis.healthcheck.test"),
    ],
)
def test_an_edit_is_a_difference(
    voting: Path, old: str, new: str, stack: str, expected: str
) -> None:
    config = voting / "devenv.yaml"
    text = config.read_text()
    assert old in text
    text = text.replace(old, new, 1)
    if "other:" in new:
        text = text.replace("volumes:\n  db-data: {}", "volumes:\n  db-data: {}\n  other: {}")
    config.write_text(text)
    if stack == "dev":
        found = compare.dev_differences(voting, [], config)
    else:
        found = compare.prod_differences(voting, ["docker-stack.yml"], "stack", config)
    assert any(expected in d for d in found), found


def test_declared_additions_are_documented() -> None:
    guide = (REPO / "docs" / "migrating.md").read_text()
    for addition in (*compare.ADDITIONS["dev"], *compare.ADDITIONS["prod"]):
        assert addition in guide
