from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM golang:1.22\nONBUILD COPY . /src\n", []),
    ("FROM golang:1.22\nONBUILD RUN go build ./...\n", []),
    ("FROM golang:1.22\nONBUILD RUN echo FROM debian\n", []),
    ("FROM golang:1.22\nMAINTAINER me\n", []),
    ("FROM golang:1.22\n# hadolint ignore=DL3043\nONBUILD FROM debian:12\n", []),
    # must fire
    ("FROM golang:1.22\nONBUILD FROM debian:12\n", [(2, 9)]),
    ("FROM golang:1.22\nONBUILD  onbuild RUN x\n", [(2, 10)]),
    ("FROM golang:1.22\nONBUILD MAINTAINER me\n", [(2, 9)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3043(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3043", text) == expected
