from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\n", []),
    ("FROM --platform=$BUILDPLATFORM golang:1.22 AS b\n", []),
    ("FROM --platform=linux/arm64 debian:12\n", []),
    ("FROM --platform=${TARGETPLATFORM:-linux/amd64} debian:12\n", []),
    ("# hadolint ignore=DL3065\nFROM --platform=$TARGETPLATFORM debian:12\n", []),
    # must fire
    ("FROM --platform=$TARGETPLATFORM debian:12\n", [(1, 6)]),
    ("FROM debian:12 AS a\nFROM --platform=${TARGETPLATFORM} debian:12 AS b\n", [(2, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3065(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3065", text) == expected
