"""DL3055.
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
    ("FROM debian:12\nLABEL org.opencontainers.image.revision=4f2c9e1\n", []),
    (
        "FROM debian:12\n"
        "LABEL org.opencontainers.image.revision=4f2c9e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d\n",
        [],
    ),
    ('FROM debian:12\nLABEL org.opencontainers.image.revision="0123abc"\n', []),
    ("FROM debian:12\nLABEL vcs-ref=main\n", []),
    ("FROM debian:12\nONBUILD LABEL org.opencontainers.image.revision=main\n", []),
    ("FROM debian:12\nLABEL org.opencontainers.image.version=4f2c9e1d\n", []),
    (
        "FROM debian:12\n# hadolint ignore=DL3055\nLABEL org.opencontainers.image.revision=main\n",
        [],
    ),
    (
        "FROM debian:12\nLABEL org.opencontainers.image.revision=deadbee \\\n      vcs-ref=HEAD\n",
        [],
    ),
    # must fire
    ("FROM debian:12\nLABEL org.opencontainers.image.revision=main\n", [(2, 7)]),
    ("FROM debian:12\nLABEL org.opencontainers.image.revision=4F2C9E1\n", [(2, 7)]),
    ("FROM debian:12\nLABEL org.opencontainers.image.revision=4f2c9e1d\n", [(2, 7)]),
    (
        "FROM debian:12\nARG GIT_SHA\nLABEL a=1 org.opencontainers.image.revision=${GIT_SHA}\n",
        [(3, 11)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3055(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3055", text, options=OPTIONS) == expected
