from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the user.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nUSER app\n", []),
    ("FROM debian:12\nUSER root\nUSER app\n", []),
    ("FROM debian:12\nUSER app:root\n", []),
    ("FROM debian:12\nUSER 1000:0\n", []),
    ("FROM debian:12\nUSER ${U}\n", []),
    ("FROM debian:12\nONBUILD USER root\n", []),
    ("FROM debian:12\nuser ROOT\n", []),
    ("FROM debian:12\nUSER root\nRUN apt-get update\nUSER app\n", []),
    ("FROM debian:12\nRUN id\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3002\nUSER root\n", []),
    ("FROM debian:12\nUSER root\nUSER 1000:1000\n", []),
    ("FROM debian:12\nUSER rootless\n", []),
    ("FROM debian:12\nUSER 1001\n", []),
    # must fire
    ("FROM debian:12\nUSER root\n", [(2, 6)]),
    ("FROM debian:12\nUSER app\nUSER 0\n", [(3, 6)]),
    ("FROM debian:12\nUSER root:app\nRUN id\n", [(2, 6)]),
    ("FROM debian:12\nUSER  0:0\n", [(2, 7)]),
    (
        "FROM debian:12 AS a\nUSER root\nFROM debian:12 AS b\nUSER root\n"
        "FROM debian:12\nUSER app\n",
        [(2, 6), (4, 6)],
    ),
    # Deliberate: Docker unquotes the user, hadolint compares it with the quotes.
    ('FROM debian:12\nUSER "root"\n', [(2, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3002(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3002", text) == expected
