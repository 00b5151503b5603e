from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verified against hadolint 2.15.1, which always reports column 1; devenv gives the column
# of the `apt-get` that lacks `-y`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN apt-get install -y curl\n", []),
    ("FROM debian:12\nRUN apt-get -yq install curl\n", []),
    ("FROM debian:12\nRUN apt-get install --yes curl\n", []),
    ("FROM debian:12\nRUN apt-get --assume-yes install curl\n", []),
    ("FROM debian:12\nRUN apt-get install curl -y\n", []),
    ("FROM debian:12\nRUN apt-get -qq install curl\n", []),
    ("FROM debian:12\nRUN apt-get install -q -q curl\n", []),
    ("FROM debian:12\nRUN apt-get install -q=2 curl\n", []),
    ("FROM debian:12\nRUN apt-get update\n", []),
    ("FROM debian:12\nRUN apt-get remove curl\n", []),
    ("FROM debian:12\nRUN apt install curl\n", []),
    ("FROM debian:12\nRUN echo apt-get install curl\n", []),
    ("FROM debian:12\nRUN sudo apt-get install curl\n", []),
    ("FROM debian:12\nRUN cat <<EOF > /x\napt-get install curl\nEOF\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3014\nRUN apt-get install curl\n", []),
    # Deliberate: hadolint counts only exactly two `q`s as quiet level 2 and reads no
    # `-o` option; apt takes all of these as `-y`, so devenv does not report them.
    ("FROM debian:12\nRUN apt-get -qqq install curl\n", []),
    ("FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n", []),
    # must fire
    ("FROM debian:12\nRUN apt-get install curl\n", [(2, 5)]),
    ("FROM debian:12\nRUN apt-get install -q curl\n", [(2, 5)]),
    (
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install curl \\\n"
        "    && apt-get -y install git\n",
        [(3, 8)],
    ),
    ("FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get install curl\n", [(2, 36)]),
    ('FROM debian:12\nRUN ["apt-get", "install", "curl"]\n', [(2, 7)]),
    ("FROM debian:12\nRUN <<EOF\nset -e\napt-get install curl\nEOF\n", [(4, 1)]),
    ("FROM debian:12\nONBUILD RUN apt-get install curl\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3014(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3014", text) == expected
