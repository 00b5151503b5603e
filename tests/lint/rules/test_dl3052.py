"""DL3052.
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
    ("FROM debian:12\nLABEL org.opencontainers.image.source=https://github.com/acme/app\n", []),
    (
        "FROM debian:12\n"
        'LABEL org.opencontainers.image.source="git+ssh://git@github.com/acme/app.git#v1"\n',
        [],
    ),
    (
        "FROM debian:12\n"
        "LABEL org.opencontainers.image.source='https://example.com/a%20b?x=1#top'\n",
        [],
    ),
    ("FROM debian:12\nLABEL org.opencontainers.image.url=example.com\n", []),
    ("FROM debian:12\nLABEL maintainer=ops@example.com\n", []),
    ("FROM debian:12\nONBUILD LABEL org.opencontainers.image.source=example.com\n", []),
    (
        "FROM debian:12\n"
        'LABEL description="org.opencontainers.image.source=x" \\\n'
        "  org.opencontainers.image.source=urn:isbn:0451450523\n",
        [],
    ),
    (
        "FROM debian:12\n"
        "# hadolint ignore=DL3052\n"
        "LABEL org.opencontainers.image.source=github.com/acme/app\n",
        [],
    ),
    # must fire
    ("FROM debian:12\nLABEL org.opencontainers.image.source=github.com/acme/app\n", [(2, 7)]),
    (
        "FROM debian:12\n"
        "LABEL version=1 \\\n"
        '    org.opencontainers.image.source="https://example.com/a b"\n',
        [(3, 5)],
    ),
    ('FROM debian:12\nLABEL "org.opencontainers.image.source"="https://[::1::2]/"\n', [(2, 7)]),
    ('FROM debian:12\nLABEL org.opencontainers.image.source=""\n', [(2, 7)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3052(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3052", text, options=OPTIONS) == expected
