from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://127.0.0.1/\n", []),
    ("FROM nginx:1.27\nHEALTHCHECK NONE\n", []),
    ("FROM nginx:1.27 AS a\nHEALTHCHECK CMD true\nFROM nginx:1.27\nHEALTHCHECK CMD true\n", []),
    ("FROM nginx:1.27\nRUN echo HEALTHCHECK\nHEALTHCHECK CMD true\n", []),
    ("FROM nginx:1.27\nHEALTHCHECK CMD a\n# hadolint ignore=DL3012\nHEALTHCHECK CMD b\n", []),
    # must fire
    ("FROM nginx:1.27\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n", [(3, 1)]),
    ("FROM nginx:1.27\nHEALTHCHECK CMD a\nEXPOSE 80\n  HEALTHCHECK NONE\n", [(4, 3)]),
    (
        "FROM x:1 AS a\nFROM y:1\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\nHEALTHCHECK CMD c\n",
        [(4, 1), (5, 1)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3012(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3012", text) == expected
