from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the destination.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nCOPY a /b\n", []),
    ("FROM debian:12\nWORKDIR /app\nCOPY a b\n", []),
    ("FROM debian:12\nCOPY a $HOME/b\n", []),
    ('FROM debian:12\nCOPY a "/b"\n', []),
    ("FROM debian:12\nCOPY a c:\\\\b\n", []),
    ("FROM debian:12\nCOPY a c:/b\n", []),
    ("FROM debian:12 AS base\nWORKDIR /app\nFROM base\nCOPY a b\n", []),
    ("FROM debian:12 AS base\nWORKDIR /app\nFROM base AS second\nFROM second\nCOPY a b\n", []),
    ("FROM debian:12\nADD a b\n", []),
    ("FROM debian:12\nONBUILD COPY a b\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3045\nCOPY a b\n", []),
    ("FROM debian:12\nCOPY a /b/\n", []),
    ("FROM debian:12\nWORKDIR /app\nCOPY --from=x /a b\n", []),
    ("FROM debian:12\nCOPY a ${DEST}\n", []),
    # must fire
    ("FROM debian:12\nCOPY a b\n", [(2, 8)]),
    ("FROM debian:12\nCOPY a b\nWORKDIR /app\n", [(2, 8)]),
    ('FROM debian:12\nCOPY a "b"\n', [(2, 8)]),
    ("FROM debian:12 AS base\nWORKDIR /app\nFROM debian:12\nCOPY a .\n", [(4, 8)]),
    ('FROM debian:12\nCOPY ["a", "b"]\n', [(2, 13)]),
    ("FROM debian:12\nONBUILD WORKDIR /app\nCOPY --from=x /a \\\n  b\n", [(4, 3)]),
    ("WORKDIR /app\nFROM debian:12\nCOPY a b c\n", [(3, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3045(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3045", text) == expected
