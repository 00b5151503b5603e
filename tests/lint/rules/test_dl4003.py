from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nCMD a\n", []),
    ("FROM debian:12\nCMD a\nFROM debian:12\nCMD b\n", []),
    ("FROM debian:12\nCMD a\nENTRYPOINT b\n", []),
    ("FROM debian:12\nONBUILD CMD a\nCMD b\n", []),
    ("FROM debian:12\nHEALTHCHECK CMD a\nCMD b\n", []),
    ("FROM debian:12\nCMD a\n# hadolint ignore=DL4003\nCMD b\n", []),
    # must fire
    ("FROM debian:12\nCMD a\nCMD b\n", [(3, 1)]),
    ('FROM debian:12\nCMD ["a"]\nRUN x\n  CMD ["b"]\nCMD c\n', [(4, 3), (5, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl4003(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL4003", text) == expected
