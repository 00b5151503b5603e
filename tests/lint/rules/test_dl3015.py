from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `apt-get`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", []),
    ("FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n", []),
    ("FROM debian:12\nRUN apt-get install -y --no-install-recommends=true curl\n", []),
    ("FROM debian:12\nRUN apt install -y curl\n", []),
    ("FROM debian:12\nRUN apt-get update\n", []),
    ("FROM debian:12\nRUN apt-get remove -y curl\n", []),
    ("FROM debian:12\nRUN echo apt-get install curl\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n", []),
    # Deliberate: apt reads the option glued to `-o` and as 0 too; hadolint does not.
    ("FROM debian:12\nRUN apt-get -oAPT::Install-Recommends=0 install -y curl\n", []),
    # must fire
    ("FROM debian:12\nRUN apt-get install -y curl\n", [(2, 5)]),
    ("FROM debian:12\nONBUILD RUN apt-get install -y curl\n", [(2, 13)]),
    (
        "FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y \\\n    curl\n",
        [(3, 6)],
    ),
    (
        "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/9 "
        "&& apt-get install -y curl\n",
        [(2, 72)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3015(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3015", text) == expected
