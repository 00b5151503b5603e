from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1; unlike
# hadolint, devenv also checks `ONBUILD COPY` (the child build fails the same way).
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM python:3.12\nCOPY a.txt b.txt /app/\n", []),
    ("FROM python:3.12\nCOPY a.txt /app\n", []),
    ('FROM python:3.12\nCOPY ["a.txt", "b.txt", "/app/"]\n', []),
    ('FROM python:3.12\nCOPY --chown=1:1 a b "/dst dir/"\n', []),
    ("FROM python:3.12\nCOPY *.txt /app\n", []),
    ("FROM python:3.12\nADD a.txt b.txt /app\n", []),
    ("FROM python:3.12\nCOPY --from=build /a /b ./\n", []),
    ("FROM python:3.12\n# hadolint ignore=DL3021\nCOPY a.txt b.txt /app\n", []),
    # must fire
    ("FROM python:3.12\nCOPY a.txt b.txt /app\n", [(2, 18)]),
    ('FROM python:3.12\nCOPY ["a", "b", "/app"]\n', [(2, 18)]),
    ("FROM python:3.12\nCOPY a \\\n  b \\\n  /app\n", [(4, 3)]),
    ("FROM python:3.12\nONBUILD COPY a b /a\n", [(2, 18)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3021(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3021", text) == expected
