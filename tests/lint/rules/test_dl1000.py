from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\n", []),
    ("FROM debian:12\nRUN <<EOF\necho hi\nEOF\nRUN echo next\n", []),
    ("FROM debian:12\nRUN echo a \\\n  # a comment\n  b\n", []),
    ("# escape=`\nFROM debian:12\nRUN echo a `\n  b\n", []),
    # must fire
    ("", [(1, 1)]),
    ("# only a comment\n", [(1, 1)]),
    ("FROM debian:12\nENV A\n", [(2, 1)]),
    ("FROM debian:12\nRUN <<EOF\necho never ends\n", [(2, 1)]),
    ("FROM debian:12\n  FOO bar\nRUN x\n", [(2, 3)]),
    ("FROM debian:12\nRUN ok\nRUN <<EOF\nx\nEOF\nENV B\n", [(6, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl1000(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL1000", text) == expected
