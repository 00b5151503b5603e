from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nLABEL maintainer=me\n", []),
    ("FROM debian:12\nONBUILD MAINTAINER me\n", []),
    ("FROM debian:12\n# MAINTAINER me\n", []),
    ("FROM debian:12\n# hadolint ignore=DL4000\nMAINTAINER me\n", []),
    # must fire
    ("FROM debian:12\nMAINTAINER me\n", [(2, 1)]),
    ("MAINTAINER me\nFROM debian:12\n", [(1, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl4000(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL4000", text) == expected
