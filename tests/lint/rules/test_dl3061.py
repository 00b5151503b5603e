from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nLABEL a=b\n", []),
    ("ARG BASE=debian:12\nFROM ${BASE}\n", []),
    ("# syntax=docker/dockerfile:1\n# a comment\nFROM debian:12\n", []),
    ("ARG A\nARG B=1\nFROM debian:12\nRUN true\n", []),
    ("FROM debian:12\nFROM alpine:3\nENV A=1\n", []),
    ("# hadolint ignore=DL3061\nLABEL a=b\nFROM debian:12\n", []),
    # must fire
    ("LABEL a=b\nFROM debian:12\n", [(1, 1)]),
    ("ARG A=1\n  ENV B=2\nFROM debian:12\n", [(2, 3)]),
    ("ENV A=1\nRUN true\nFROM debian:12\n", [(1, 1), (2, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3061(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3061", text) == expected
