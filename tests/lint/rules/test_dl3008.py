from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN apt-get install -y curl=7.88.1\n", []),
    ("FROM debian:12\nRUN apt-get install -y 'curl=7.*' \"git=1:2.39*\"\n", []),
    ("FROM debian:12\nRUN apt-get update\n", []),
    ("FROM debian:12\nRUN apt-get install -y ./local.deb\n", []),
    ("FROM debian:12\nRUN apt-get install -y -t bookworm-backports curl=8.0\n", []),
    ("FROM debian:12\nRUN apt-get install -y curl/bookworm-backports\n", []),
    ("FROM debian:12\nRUN apt install -y curl\n", []),
    ("FROM debian:12\nRUN echo apt-get install curl\n", []),
    ("FROM debian:12\nRUN apk add curl\n", []),
    ("FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -y x=1\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n", []),
    (
        "FROM debian:12\n# devenv ignore=DL3008\n"
        "RUN apt-get update && \\\n    apt-get install curl\n",
        [],
    ),
    ('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN apt-get install curl\n', []),
    ("FROM debian:12\nRUN <<EOF\napt-get install -y curl=7.88.1\nEOF\n", []),
    # must fire
    ("FROM debian:12\nRUN apt-get install -y curl\n", [(2, 24)]),
    ("FROM debian:12\nRUN apt-get update && apt-get install -y curl=7 git\n", [(2, 49)]),
    (
        "FROM debian:12\nRUN apt-get update \\\n # comment\n    && apt-get install -y \\\n"
        "      --no-install-recommends \\\n      curl\n",
        [(6, 7)],
    ),
    ('FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n', [(2, 35)]),
    ("FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y curl\nEOF\n", [(4, 20)]),
    ('FROM debian:12\nRUN if true; then apt-get -y install "vim"; fi\n', [(2, 38)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3008(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3008", text) == expected
