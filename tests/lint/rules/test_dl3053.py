"""DL3053.
Verdicts checked against hadolint 2.15.1 with the label schema of
tests/lint/rules/labels.py (hadolint reports column 1; devenv the label's key)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule
from tests.lint.rules.labels import OPTIONS

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nLABEL org.opencontainers.image.created=2024-11-02T10:30:00Z\n", []),
    (
        'FROM debian:12\nLABEL org.opencontainers.image.created="2024-11-02T10:30:00.123+01:00"\n',
        [],
    ),
    ("FROM debian:12\nLABEL org.opencontainers.image.created=2024-02-29t23:59:60z\n", []),
    ("FROM debian:12\nLABEL build-date=yesterday\n", []),
    ("FROM debian:12\nONBUILD LABEL org.opencontainers.image.created=today\n", []),
    ('FROM debian:12\nLABEL org.opencontainers.image.title="2024-11-02"\n', []),
    (
        "FROM debian:12\n"
        "# hadolint ignore=DL3053\n"
        "LABEL org.opencontainers.image.created=2024-11-02\n",
        [],
    ),
    ('FROM debian:12\nLABEL org.opencontainers.image.created="2024-11-02T10:30:00-05:00"\n', []),
    # must fire
    ("FROM debian:12\nLABEL org.opencontainers.image.created=2024-11-02\n", [(2, 7)]),
    ('FROM debian:12\nLABEL org.opencontainers.image.created="2024-11-02 10:30:00Z"\n', [(2, 7)]),
    (
        "FROM debian:12\nLABEL a=b \\\n    org.opencontainers.image.created=2023-02-29T00:00:00Z\n",
        [(3, 5)],
    ),
    (
        "FROM debian:12\nARG BUILD_DATE\nLABEL org.opencontainers.image.created=$BUILD_DATE\n",
        [(3, 7)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3053(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3053", text, options=OPTIONS) == expected
