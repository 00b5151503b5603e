from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nUSER 10001\n", []),
    ("FROM debian:12\nUSER 10001:10001\n", []),
    ("FROM debian:12\nUSER 1000:app\n", []),
    ("FROM debian:12\nRUN useradd app\n", []),
    ("FROM debian:12\nARG UID=1000\nUSER $UID\n", []),
    ("FROM debian:12\nARG UID\nUSER ${UID}:app\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3066\nUSER app\n", []),
    # must fire
    ("FROM debian:12\nUSER app\n", [(2, 6)]),
    ("FROM debian:12\nUSER app:1000\n", [(2, 6)]),
    ("FROM debian:12\nUSER $UID\n", [(2, 6)]),
    ("FROM debian:12\nENV U=app\nUSER ${U}\n", [(3, 6)]),
    ("FROM debian:12\nENV U=1000\nUSER $U\n", [(3, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3066(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3066", text) == expected
