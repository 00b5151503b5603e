"""DL3057, checked as when turned on (the runner skips it otherwise: tests/lint/test_runner.py).
Verdicts checked against hadolint 2.15.1 with `override: {info: [DL3057]}`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ('FROM nginx:1.27\nHEALTHCHECK CMD ["curl", "-fsS", "http://localhost/"]\n', []),
    ("FROM nginx:1.27\nHEALTHCHECK NONE\n", []),
    ("FROM nginx:1.27 AS base\nHEALTHCHECK CMD true\nFROM base\nRUN true\n", []),
    (
        "FROM nginx:1.27 AS base\n"
        "HEALTHCHECK --interval=30s \\\n"
        "  CMD true\n"
        "FROM base AS a\n"
        "FROM a\n",
        [],
    ),
    ("FROM nginx:1.27\nHEALTHCHECK CMD true\nFROM nginx:1.27\n", []),
    ("# hadolint ignore=DL3057\nFROM nginx:1.27\n", []),
    ("FROM nginx:1.27 AS base\nFROM base AS prod\nHEALTHCHECK CMD true\n", []),
    ("FROM a:1 AS x\nFROM x AS y\nFROM y AS z\nHEALTHCHECK CMD true\n", []),
    # must fire
    ("FROM a:1 AS x\nFROM b:1 AS y\nFROM x AS z\nHEALTHCHECK CMD true\n", [(2, 1)]),
    ("FROM nginx:1.27\n", [(1, 1)]),
    ("FROM nginx:1.27\nONBUILD HEALTHCHECK CMD true\n", [(1, 1)]),
    ("FROM golang:1.23 AS build\nFROM nginx:1.27\nHEALTHCHECK CMD true\n", [(1, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3057(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3057", text) == expected
