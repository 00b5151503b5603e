"""DL3050 with `strict-labels: true`.
Verdicts checked against hadolint 2.15.1 with the label schema of
tests/lint/rules/labels.py (hadolint reports column 1; devenv the label's key)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule
from tests.lint.rules.labels import STRICT

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nLABEL maintainer=ops@example.com\n", []),
    (
        "FROM debian:12\n"
        "LABEL org.opencontainers.image.title=web \\\n"
        "      org.opencontainers.image.version=1.0.0\n",
        [],
    ),
    ('FROM debian:12\nLABEL "maintainer"=ops@example.com\n', []),
    ("FROM debian:12\nONBUILD LABEL team=payments\n", []),
    ("FROM debian:12\nRUN echo team=payments\n", []),
    (
        "FROM debian:12\n"
        "LABEL org.opencontainers.image.title=web\n"
        "LABEL maintainer=ops@example.com\n",
        [],
    ),
    ("FROM debian:12\n# hadolint ignore=DL3050\nLABEL team=payments\n", []),
    (
        "FROM debian:12\n"
        "LABEL maintainer=ops@example.com \\\n"
        "      org.opencontainers.image.revision=4f2c9e1\n",
        [],
    ),
    # must fire
    ("FROM debian:12\nLABEL team=payments\n", [(2, 7)]),
    ("FROM debian:12\nLABEL maintainer=ops@example.com team=payments tier=web\n", [(2, 34)]),
    (
        "FROM debian:12\n"
        "LABEL org.opencontainers.image.title=web \\\n"
        "      org.opencontainers.image.sorce=x\n",
        [(3, 7)],
    ),
    (
        "FROM debian:12\nLABEL team=a\nLABEL maintainer=ops@example.com\nLABEL tier=b\n",
        [(2, 7), (4, 7)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3050(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3050", text, options=STRICT) == expected
