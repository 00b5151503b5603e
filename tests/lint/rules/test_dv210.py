from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

S = "services:\n  api:\n    image: api:1\n"
FULL = (
    "    deploy:\n      resources: {limits: {memory: 256M}}\n"
    "      restart_policy: {condition: any}\n"
)

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (S + FULL, []),
    (S + FULL.replace("any", "none"), []),
    (S + FULL.replace("256M", "1G, cpus: '0.5'"), []),
    (S + FULL + "  db:\n    image: db:1\n" + FULL, []),
    ("services: {}\n", []),
    (
        S + "    deploy:\n      mode: global\n      resources: {limits: {memory: 268435456}}\n"
        "      restart_policy: {condition: on-failure, max_attempts: 3}\n",
        [],
    ),
    (S + FULL + "    mem_limit: 1g\n    restart: always\n", []),
    ("services:\n  job:\n    image: job:1\n" + FULL.replace("any", "none"), []),
    # must fire
    (S, [(2, 3), (2, 3)]),
    (S + "    mem_limit: 256m\n    restart: always\n", [(2, 3), (2, 3)]),
    (S + "    deploy:\n      restart_policy: {condition: any}\n", [(4, 5)]),
    (S + "    deploy:\n      resources:\n        limits: {memory: 1G}\n", [(4, 5)]),
    (
        S + "    deploy:\n      resources:\n        limits: {cpus: '1'}\n"
        "      restart_policy: {condition: any}\n",
        [(6, 9)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv210(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV210", text) == expected


CFG = "project: p\nservices:\n  api:\n    image: api:1\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CFG + "    prod: {resources: {memory: 256M}}\n", []),
        (CFG + "    prod:\n      restart: on-failure\n      resources:\n        memory: 1G\n", []),
        (CFG + "    prod:\n      resources:\n        cpus: 0.5\n", [(6, 7)]),
        (CFG + "    prod: {replicas: 2}\n", [(5, 5)]),
        (CFG, [(3, 3)]),
        (CFG + "lint: {ignore: [DV210]}\n", []),
    ],
)
def test_dv210_on_the_config(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    assert config_positions(tmp_path, "DV210", config) == expected
