from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

HEAD = "project: p\nservices:\n  db:\n    image: postgres:16.4\n  api:\n    image: x/api:1\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (HEAD, []),
    (HEAD + "    depends_on: []\n", []),
    (HEAD + "    depends_on: {}\n", []),
    (HEAD + "    environment: {depends_on: db}\n", []),
    (HEAD + "    labels: [depends_on=db]\n", []),
    # must fire, once per config
    (HEAD + "    depends_on: [db]\n", [(7, 5)]),
    (HEAD + "    depends_on:\n      db: {condition: service_healthy}\n", [(7, 5)]),
    (
        HEAD + "    depends_on: [db]\n  web:\n    image: x/web:1\n    depends_on: [api]\n",
        [(7, 5)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv231(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV231", text) == expected


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (HEAD + "    depends_on: [db]\nlint: {ignore: [DV231]}\n", []),
        (HEAD + "    depends_on: [db]\nlint: {ignore: [DV230]}\n", [(7, 5)]),
    ],
)
def test_dv231_ignored_in_the_config(
    tmp_path: Path, config: str, expected: list[tuple[int, int]]
) -> None:
    assert config_positions(tmp_path, "DV231", config) == expected
