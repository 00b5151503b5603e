from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper in --no-confirm curl=8.6.0\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper --non-interactive rm curl\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper refresh && zypper clean\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper search curl\n", []),
    ("FROM opensuse/leap:15.6\nRUN echo zypper install curl\n", []),
    ("FROM opensuse/leap:15.6\n# hadolint ignore=DL3034\nRUN zypper in curl=8\n", []),
    # must fire
    ("FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0\n", [(2, 5)]),
    ("FROM opensuse/leap:15.6\nRUN zypper refresh && zypper remove curl\n", [(2, 23)]),
    ("FROM opensuse/leap:15.6\nRUN true \\\n  && zypper patch\n", [(3, 6)]),
    ("FROM opensuse/leap:15.6\nONBUILD RUN zypper si curl\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3034(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3034", text) == expected
