from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the command.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ('FROM debian:12\nCMD ["echo", "hi"]\n', []),
    ('FROM debian:12\nCMD [ "echo", "hi" ]\n', []),
    ('FROM debian:12\nENTRYPOINT ["/run.sh"]\n', []),
    ("FROM debian:12\nCMD []\n", []),
    ('FROM debian:12\nCMD \\\n  ["a"]\n', []),
    ('FROM debian:12\nHEALTHCHECK CMD ["curl", "-f", "http://x/"]\n', []),
    ("FROM debian:12\nHEALTHCHECK NONE\n", []),
    ("FROM debian:12\nONBUILD CMD echo hi\n", []),
    ("FROM debian:12\nRUN echo hi\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3025\nCMD echo hi\n", []),
    # must fire
    ("FROM debian:12\nCMD echo hi\n", [(2, 5)]),
    ("FROM debian:12\nENTRYPOINT /run.sh\n", [(2, 12)]),
    ("FROM debian:12\nCMD ['echo', 'hi']\n", [(2, 5)]),
    ("FROM debian:12\nHEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\n", [(2, 31)]),
    ("FROM debian:12\nHEALTHCHECK --interval=5s \\\n  CMD curl -f http://x/\n", [(3, 7)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3025(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3025", text) == expected
