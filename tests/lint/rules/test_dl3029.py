from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\n", []),
    ("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n", []),
    ("FROM --platform=${BUILDPLATFORM:-linux/amd64} golang:1.22\n", []),
    ("FROM debian:12\nRUN echo --platform=linux/amd64\n", []),
    ("FROM debian:12\nCOPY --platform=linux/amd64 a /b\n", []),
    ("# hadolint ignore=DL3029\nFROM --platform=linux/amd64 debian:12\n", []),
    # must fire
    ("FROM --platform=linux/amd64 debian:12\n", [(1, 6)]),
    ("FROM debian:12 AS a\n  FROM   --platform=linux/arm64 debian:12\n", [(2, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3029(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3029", text) == expected
