from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `sudo`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN echo sudo\n", []),
    ("FROM debian:12\nRUN apt-get install -y sudo\n", []),
    ('FROM debian:12\nRUN echo "%sudo ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers\n', []),
    ("FROM debian:12\nRUN usermod -aG sudo app\n", []),
    ("FROM debian:12\nRUN gosu app ls\n", []),
    ("FROM debian:12\nRUN su -c ls app\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3004\nRUN sudo ls\n", []),
    ("FROM debian:12\nRUN su-exec app ls\n", []),
    ("FROM debian:12\nRUN chmod 440 /etc/sudoers.d/app\n", []),
    ("FROM debian:12\nRUN sudoedit -h\n", []),
    # must fire
    ("FROM debian:12\nRUN sudo apt-get update\n", [(2, 5)]),
    ("FROM debian:12\nRUN x && sudo -u app ls\n", [(2, 10)]),
    ("FROM debian:12\nONBUILD RUN sudo ls\n", [(2, 13)]),
    ("FROM debian:12\nRUN echo $(sudo ls)\n", [(2, 12)]),
    # Deliberate: hadolint matches the command name as written, not `/usr/bin/sudo`.
    ("FROM debian:12\nRUN /usr/bin/sudo ls\n", [(2, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3004(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3004", text) == expected
