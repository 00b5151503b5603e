"""DL3051.
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
    ("FROM debian:12\nLABEL maintainer=ops@example.com\n", []),
    ('FROM debian:12\nLABEL org.opencontainers.image.title="web"\n', []),
    ('FROM debian:12\nLABEL description=""\n', []),
    ('FROM debian:12\nONBUILD LABEL org.opencontainers.image.title=""\n', []),
    ('FROM debian:12\nLABEL org.opencontainers.image.title=" "\n', []),
    ("FROM debian:12\nLABEL org.opencontainers.image.title\n", []),
    ('FROM debian:12\n# hadolint ignore=DL3051\nLABEL org.opencontainers.image.title=""\n', []),
    ('FROM debian:12\nLABEL maintainer="ops@example.com" description=""\n', []),
    # must fire
    ('FROM debian:12\nLABEL org.opencontainers.image.title=""\n', [(2, 7)]),
    ("FROM debian:12\nLABEL maintainer=''\n", [(2, 7)]),
    ('FROM debian:12\nLABEL a=b \\\n    org.opencontainers.image.source="" c=d\n', [(3, 5)]),
    (
        'FROM debian:12\nLABEL org.opencontainers.image.title="" maintainer=""\n',
        [(2, 7), (2, 41)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3051(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3051", text, options=OPTIONS) == expected
