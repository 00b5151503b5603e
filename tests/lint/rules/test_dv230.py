from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

HEAD = "project: p\nservices:\n  web:\n    image: nginx:1.27\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (HEAD, []),
    (HEAD + "    labels: {compose: yes}\n", []),
    (HEAD + "    dev: {container_name: web}\n", []),
    (HEAD + "    compose: {}\n", []),
    (HEAD + "    environment: {compose: x}\n", []),
    (HEAD + "    prod: {compose: {}}\n", []),
    # must fire
    (HEAD + "    compose: {runtime: runc}\n", [(5, 5)]),
    (HEAD + "    dev:\n      compose: {pull_policy: always}\n", [(6, 7)]),
    (HEAD + "    prod:\n      compose:\n        stop_grace_period: 1m\n", [(6, 7)]),
    (HEAD + "x-compose: {x-team: a}\n", [(5, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv230(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV230", text) == expected


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (HEAD + "    compose: {runtime: runc}\nlint: {ignore: [DV230]}\n", []),
        (HEAD + "    compose: {runtime: runc}\nlint: {ignore: [DV101]}\n", [(5, 5)]),
    ],
)
def test_dv230_ignored_in_the_config(
    tmp_path: Path, config: str, expected: list[tuple[int, int]]
) -> None:
    assert config_positions(tmp_path, "DV230", config) == expected
