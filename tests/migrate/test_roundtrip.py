"""The round-trip helper finds real differences: an imported project edited by hand no
longer matches its original, dev or prod."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devenv.migrate import compare
from devenv.migrate.importer import ImportOptions, import_project
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


WATCH = REPO / "tests" / "data" / "import" / "watch"


@pytest.fixture
def watch(tmp_path: Path) -> Path:
    folder = tmp_path / "watch"
    shutil.copytree(WATCH, folder)
    (folder / "import.yaml").unlink()
    assert round_trip(folder) == []
    return folder


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("target: /app/src", "target: /app/other", "services.frontend.develop.watch[0].target"),
        ("- frontend/src/node_modules/", "- frontend/src/dist/", "develop.watch[0].ignore"),
        ("action: restart", "action: rebuild", "services.backend.develop.watch[0].action"),
        ("kill -HUP 1", "kill -USR1 1", "services.backend.develop.watch[1].exec.command"),
    ],
)
def test_an_edit_of_the_reload_rules_is_a_difference(
    watch: Path, old: str, new: str, expected: str
) -> None:
    config = watch / "devenv.yaml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new, 1))
    found = compare.dev_differences(watch, [], config)
    assert any(expected in d for d in found), found


NESTED = """\
services:
  api:
    build: ./api
    develop:
      watch:
        - {action: sync+restart, path: ./api/app, target: /srv/app}
        - {action: sync, path: ./api/app/static, target: /srv/static}
"""


def test_nested_watch_paths_are_noted_and_differ(tmp_path: Path) -> None:
    """Compose runs both entries on a change in ./api/app/static, devenv the first rule: the
    import says so, and the round trip shows the entry devenv cannot keep."""
    folder = tmp_path / "nested"
    (folder / "api").mkdir(parents=True)
    (folder / "api" / "Dockerfile").write_text("FROM scratch\n")
    (folder / "compose.yaml").write_text(NESTED)
    info = import_project(ImportOptions(folder, (), (), force=True))
    assert any("inside 'api/app'" in n.what and n.decision for n in info.result.notes)
    found = compare.dev_differences(folder, [], folder / "devenv.yaml")
    assert [d.split(":")[0] for d in found] == ["services.api.develop.watch"]
