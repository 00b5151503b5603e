from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the path.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nWORKDIR /app\n", []),
    ("FROM debian:12\nWORKDIR $HOME/app\n", []),
    ("FROM debian:12\nWORKDIR ${APP}\n", []),
    ('FROM debian:12\nWORKDIR "/app"\n', []),
    ('FROM debian:12\nWORKDIR "$HOME/app"\n', []),
    ("FROM debian:12\nWORKDIR C:\\\\app\n", []),
    ("FROM debian:12\nWORKDIR c:/app\n", []),
    ("FROM debian:12\nWORKDIR /app dir\n", []),
    ("FROM debian:12\nONBUILD WORKDIR app\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3000\nWORKDIR app\n", []),
    # must fire
    ("FROM debian:12\nWORKDIR app\n", [(2, 9)]),
    ('FROM debian:12\nWORKDIR "app"\n', [(2, 9)]),
    ("FROM debian:12\nworkdir   ./app\n", [(2, 11)]),
    ("FROM debian:12\nWORKDIR ~/app\n", [(2, 9)]),
    ("FROM debian:12\nWORKDIR \\\n  app\n", [(3, 3)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3000(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3000", text) == expected
