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
    (DB + "    volumes: [pgdata:/var/lib/postgresql/data]\n", []),
    (DB + "    volumes: [pgdata:/var/lib/postgresql]\n", []),
    (DB + "    volumes: [{type: volume, source: pg, target: /var/lib/postgresql/data}]\n", []),
    (DB + "    tmpfs: [/var/lib/postgresql/data]\n", []),
    (DB + "    volumes: ['./pg:/var/lib/postgresql/data']\n", []),
    ("services:\n  cache:\n    image: memcached:1.6\n", []),
    ("services:\n  app:\n    image: 127.0.0.1:5000/p/app:1\n", []),
    ("services:\n  db:\n    image: bitnami/postgresql:16\n", []),
    ("services:\n  db:\n    build: .\n", []),
    # must fire
    (DB, [(3, 5)]),
    (DB + "    volumes: [/var/lib/postgresql/data]\n", [(4, 15)]),
    ("services:\n  r:\n    image: 127.0.0.1:5000/redis:7\n    volumes: [x:/tmp]\n", [(3, 5)]),
    ("services:\n  s:\n    image: mcr.microsoft.com/mssql/server:2022-CU14\n", [(3, 5)]),
    ("services:\n  m:\n    image: mariadb:11\n  q:\n    image: rabbitmq:3\n", [(3, 5), (5, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv202(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV202", text) == expected


PG = "project: p\nservices:\n  db:\n    image: postgres:16.4\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (PG + "    data: [/var/lib/postgresql/data]\n", []),
        (PG + "    data: [/var/lib/postgresql]\n", []),
        (PG + "    data: [/srv/other]\n", [(4, 5)]),
        (PG, [(4, 5)]),
        (PG + "lint: {ignore: [DV202]}\n", []),
        ("project: p\nservices:\n  app:\n    image: mongo:7\n    data: [/data/db]\n", []),
    ],
)
def test_dv202_on_the_config(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    assert config_positions(tmp_path, "DV202", config) == expected
