"""DL3063. Verdicts checked against hadolint 2.15.1, which reports column 1; devenv the name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM golang:1.23 AS build\n", []),
    ("FROM scratch\n", []),
    ("FROM scratch AS final\n", []),
    ("FROM debian:12 AS scratch2\n", []),
    ("FROM debian:12 AS ctx\nCOPY --from=context /a /b\n", []),
    ("FROM debian:12\n", []),
    ("# hadolint ignore=DL3063\nFROM debian:12 AS scratch\n", []),
    # must fire
    ("FROM golang:1.23 AS scratch\n", [(1, 21)]),
    ("FROM debian:12 as context\n", [(1, 19)]),
    # by design: BuildKit folds stage names to lower case; hadolint compares them as written
    ("FROM scratch AS Scratch\n", [(1, 17)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3063(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3063", text) == expected
