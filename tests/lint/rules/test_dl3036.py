from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0 && zypper clean\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 \\\n && zypper cc -a\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n refresh\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n rm curl\n", []),
    ("FROM opensuse/leap:15.6\nRUN echo zypper in curl\n", []),
    ("FROM opensuse/leap:15.6\n# hadolint ignore=DL3036\nRUN zypper -n in curl=8\n", []),
    # must fire
    ("FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0\n", [(2, 5)]),
    ("FROM opensuse/leap:15.6\nRUN zypper clean && zypper -n in curl=8\n", [(2, 21)]),
    ("FROM opensuse/leap:15.6\nONBUILD RUN zypper -n install curl=8\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3036(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3036", text) == expected
