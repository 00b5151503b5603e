from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

API = "services:\n  api:\n    build: .\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (API + "    volumes: ['./src:/app/src']\n", []),
    (API + "    volumes: [{type: bind, source: ./src, target: /app/src}]\n", []),
    (API + "    develop:\n      watch:\n        - {path: ./src, action: sync, target: /app}\n", []),
    ("services:\n  db:\n    image: postgres:16.4\n", []),
    (
        "services:\n  db:\n    image: postgres:16.4\n    volumes: [pg:/var/lib/postgresql/data]\n",
        [],
    ),
    # must fire
    (API, [(3, 5)]),
    (API + "    volumes: [cache:/root/.cache]\n    develop: {}\n", [(3, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv208(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV208", text) == expected


CFG = "project: p\nservices:\n  api:\n    build: {context: .}\n"
FILES = {"Dockerfile": "FROM alpine:3.20\n"}


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CFG + "    dev: {mounts: ['./src:/app/src']}\n", []),
        (CFG + "    dev:\n      reload:\n        - {paths: ['*.py'], action: restart}\n", []),
        (CFG + "    data: [/var/cache]\n", [(4, 5)]),
        (CFG, [(4, 5)]),
        (CFG + "lint: {ignore: [DV208]}\n", []),
        ("project: p\nservices:\n  db:\n    image: redis:7\n", []),
    ],
)
def test_dv208_on_the_config(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    assert config_positions(tmp_path, "DV208", config, files=FILES) == expected
