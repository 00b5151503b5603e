from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the repeated name.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12 AS a\nFROM debian:12 AS b\n", []),
    ("FROM debian:12 AS a\nFROM a AS b\n", []),
    ("FROM debian:12\nFROM debian:12\n", []),
    ("FROM debian:12 AS a\nFROM debian:12\nFROM debian:12 AS b\n", []),
    ("FROM debian:12 AS build\n# hadolint ignore=DL3024\nFROM debian:12 AS build\n", []),
    ("FROM debian:12 AS build-a\nFROM debian:12 AS build-b\n", []),
    # must fire
    ("FROM debian:12 AS build\nFROM debian:12 AS build\n", [(2, 19)]),
    (
        "FROM debian:12 AS a\nFROM debian:12 AS b\nFROM debian:12 AS a\nFROM debian:12 as a\n",
        [(3, 19), (4, 19)],
    ),
    # Deliberate: Docker compares stage names case-insensitively, hadolint does not.
    ("FROM debian:12 AS build\nFROM debian:12 AS Build\n", [(2, 19)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3024(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3024", text) == expected
