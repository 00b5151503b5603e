from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0\n", []),
    ('FROM opensuse/leap:15.6\nRUN zypper -n install "curl>=8" "git<3"\n', []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n in ./local.rpm\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n rm curl\n", []),
    ("FROM opensuse/leap:15.6\nRUN zypper -n refresh && zypper -n update\n", []),
    ("FROM opensuse/leap:15.6\nRUN echo zypper in curl\n", []),
    ("FROM opensuse/leap:15.6\n# hadolint ignore=DL3037\nRUN zypper -n in curl\n", []),
    # must fire
    ("FROM opensuse/leap:15.6\nRUN zypper -n in curl\n", [(2, 18)]),
    ("FROM opensuse/leap:15.6\nRUN zypper -n install curl=8 git\n", [(2, 30)]),
    ("FROM opensuse/leap:15.6\nRUN zypper -n in \\\n    git\n", [(3, 5)]),
    ("FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl\n", [(2, 26)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3037(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3037", text) == expected
