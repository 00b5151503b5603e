from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

HEAD = "project: p\nservices:\n  api:\n    image: x/api:1\n"
FILES = {
    "clean.env": "MODE=prod\nDB_PASSWORD_FILE=/run/secrets/db\nTOKEN=${TOKEN}\n",
    "leaky.env": "MODE=prod\nDB_PASSWORD=hunter2\n",
    "empty.env": "API_KEY=\n",
}

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (HEAD, []),
    (HEAD + "    env_file: [clean.env]\n", []),
    (HEAD + "    env_file: empty.env\n", []),
    (HEAD + "    env_file: [{path: missing.env, required: false}]\n", []),
    (HEAD + "    environment: {MODE: leaky.env}\n", []),
    (HEAD + "    env_file: [clean.env, empty.env]\n", []),
    # must fire
    (HEAD + "    env_file: [clean.env, leaky.env]\n", [(5, 27)]),
    (HEAD + "    env_file: leaky.env\n", [(5, 5)]),
    (HEAD + "    env_file:\n      - {path: leaky.env}\n", [(6, 9)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv232(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV232", text, files=FILES) == expected


def test_dv232_never_prints_the_value(check_rule: CheckRule) -> None:
    assert check_rule("DV232", HEAD + "    env_file: leaky.env\n", files=FILES) == [(5, 5)]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (HEAD + "    env_file: leaky.env\nlint: {ignore: [DV232]}\n", []),
        (HEAD + "    env_file: leaky.env\nlint: {ignore: [DV230]}\n", [(5, 5)]),
    ],
)
def test_dv232_ignored_in_the_config(
    tmp_path: Path, config: str, expected: list[tuple[int, int]]
) -> None:
    assert config_positions(tmp_path, "DV232", config, files=FILES) == expected
