from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

DB = "services:\n  db:\n    image: postgres:16.4\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (DB, []),
    (DB + "    volumes: [pgdata:/var/lib/postgresql/data]\nvolumes: {pgdata: {}}\n", []),
    (DB + "    volumes:\n      - type: volume\n        source: pgdata\n        target: /d\n", []),
    (DB + "    volumes: [/var/lib/postgresql/data]\n", []),
    (DB + "    volumes: [{type: tmpfs, target: /tmp}]\n", []),
    (DB + "volumes:\n  pgdata:\n    driver_opts: {type: nfs, o: 'addr=10.0.0.1,rw'}\n", []),
    (DB + "    secrets: [db]\nsecrets:\n  db: {file: ./db.txt}\n", []),
    # must fire
    (DB + "    volumes:\n      - ./pgdata:/var/lib/postgresql/data\n", [(5, 9)]),
    (
        DB + "    volumes:\n      - type: bind\n        source: /srv/pg\n        target: /d\n",
        [(5, 9)],
    ),
    (DB + "    volumes: [pg:/d, '~/x:/x:ro']\n", [(4, 22)]),
    (
        DB + "volumes:\n  pg:\n    driver: local\n"
        "    driver_opts: {type: none, o: bind, device: /srv/pg}\n",
        [(7, 5)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv201(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV201", text) == expected


CONFIG = (
    "project: p\nservices:\n  db:\n    image: postgres:16.4\n"
    "    data: [/var/lib/postgresql/data]\n    dev: {mounts: ['./seed:/seed']}\n"
)


@pytest.mark.parametrize("config", [CONFIG, CONFIG + "lint: {ignore: [DV201]}\n"])
def test_dv201_never_fires_on_a_rendered_stack(tmp_path: Path, config: str) -> None:
    assert config_positions(tmp_path, "DV201", config) == []
