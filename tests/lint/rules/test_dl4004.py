from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nENTRYPOINT a\n", []),
    ("FROM debian:12\nENTRYPOINT a\nFROM debian:12\nENTRYPOINT b\n", []),
    ("FROM debian:12\nONBUILD ENTRYPOINT a\nENTRYPOINT b\n", []),
    ("FROM debian:12\nENTRYPOINT a\nCMD b\n", []),
    ("FROM debian:12\nENTRYPOINT a\n# hadolint ignore=DL4004\nENTRYPOINT b\n", []),
    # must fire
    ("FROM debian:12\nENTRYPOINT a\nENTRYPOINT b\n", [(3, 1)]),
    ('FROM debian:12\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\nENTRYPOINT ["c"]\n', [(3, 1), (4, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl4004(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL4004", text) == expected
