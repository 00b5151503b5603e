from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n update curl\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n patch\n", []),
    ("FROM opensuse/leap:15.6\nRUN echo zypper dup\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n in dupx=1\n", []),
    ("FROM opensuse/leap:15.6\n# hadolint ignore=DL3035\nRUN zypper -n dup\n", []),
    # must fire
    ("FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade\n", [(2, 5)]),
    ("FROM opensuse/leap:15.6\nRUN zypper ref && zypper -n dup\n", [(2, 19)]),
    ("FROM opensuse/leap:15.6\nONBUILD RUN zypper --non-interactive dup\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3035(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3035", text) == expected
