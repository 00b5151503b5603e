"""DL3056.
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
    ("FROM debian:12\nLABEL org.opencontainers.image.version=2.1.0\n", []),
    ('FROM debian:12\nLABEL org.opencontainers.image.version="1.0.0-rc.1+build.5"\n', []),
    ("FROM debian:12\nLABEL org.opencontainers.image.version=0.0.0\n", []),
    ("FROM debian:12\nLABEL version=v2\n", []),
    ("FROM debian:12\nONBUILD LABEL org.opencontainers.image.version=latest\n", []),
    ("FROM debian:12\nLABEL org.opencontainers.image.title=v2.1\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3056\nLABEL org.opencontainers.image.version=v2.1\n", []),
    ("FROM debian:12\nLABEL org.opencontainers.image.version=10.20.30-alpha.1\n", []),
    # must fire
    ("FROM debian:12\nLABEL org.opencontainers.image.version=v2.1\n", [(2, 7)]),
    ("FROM debian:12\nLABEL org.opencontainers.image.version=2.1\n", [(2, 7)]),
    ("FROM debian:12\nLABEL org.opencontainers.image.version=latest\n", [(2, 7)]),
    (
        'FROM debian:12\nLABEL a=1 \\\n      org.opencontainers.image.version="1.2.3.4"\n',
        [(3, 7)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3056(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3056", text, options=OPTIONS) == expected
