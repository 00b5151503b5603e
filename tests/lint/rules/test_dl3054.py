"""DL3054.
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
    ("FROM debian:12\nLABEL org.opencontainers.image.licenses=Apache-2.0\n", []),
    ('FROM debian:12\nLABEL org.opencontainers.image.licenses="GPL-3.0-or-later"\n', []),
    ("FROM debian:12\nLABEL org.opencontainers.image.licenses=0BSD\n", []),
    ('FROM debian:12\nLABEL license="Apache 2"\n', []),
    ("FROM debian:12\nONBUILD LABEL org.opencontainers.image.licenses=mit\n", []),
    ("FROM debian:12\nLABEL org.opencontainers.image.title=MIT-ish\n", []),
    (
        "FROM debian:12\n"
        "# hadolint ignore=DL3054\n"
        'LABEL org.opencontainers.image.licenses="Apache 2"\n',
        [],
    ),
    ("FROM debian:12\nLABEL org.opencontainers.image.licenses=BSD-3-Clause\n", []),
    # must fire
    ("FROM debian:12\nLABEL org.opencontainers.image.licenses=mit\n", [(2, 7)]),
    ("FROM debian:12\nLABEL org.opencontainers.image.licenses=GPL-2.0\n", [(2, 7)]),
    ('FROM debian:12\nLABEL org.opencontainers.image.licenses="MIT OR Apache-2.0"\n', [(2, 7)]),
    ("FROM debian:12\nLABEL x=y \\\n  org.opencontainers.image.licenses=Proprietary\n", [(3, 3)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3054(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3054", text, options=OPTIONS) == expected
