from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# Unlike hadolint, devenv also knows `/bin/ps` for ps.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN apt-get install -y vim=2:9.0\n", []),
    ("FROM debian:12\nRUN echo top && echo ps\n", []),
    ("FROM debian:12\nRUN ifconfig -a\n", []),
    ("FROM debian:12\nRUN pstree && killall x\n", []),
    ("FROM debian:12\nCMD service nginx start\n", []),
    ("FROM debian:12\nRUN ssh-keygen -A\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3001\nRUN service nginx start\n", []),
    # must fire
    ("FROM debian:12\nRUN service nginx start\n", [(2, 5)]),
    ("FROM debian:12\nRUN ps aux | grep -v grep\n", [(2, 5)]),
    ("FROM debian:12\nRUN make && \\\n    kill -HUP 1\n", [(3, 5)]),
    ("FROM debian:12\nRUN ssh git@example.com true; vim -c q x\n", [(2, 5), (2, 31)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3001(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3001", text) == expected
