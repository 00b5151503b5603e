from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `apt`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN apt-get install -y curl\n", []),
    ("FROM debian:12\nRUN echo apt\n", []),
    ("FROM debian:12\nRUN apt-cache policy curl\n", []),
    ("FROM debian:12\nRUN apt-key add x\n", []),
    ("FROM debian:12\nRUN aptitude install -y curl\n", []),
    ("FROM debian:12\nRUN apt-get install -y apt\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3027\nRUN apt install curl\n", []),
    ("FROM debian:12\nRUN apt-get -y install apt-transport-https\n", []),
    # must fire
    ("FROM debian:12\nRUN apt install curl\n", [(2, 5)]),
    ("FROM debian:12\nRUN apt-get update && apt install -y curl\n", [(2, 23)]),
    ("FROM debian:12\nONBUILD RUN apt install curl\n", [(2, 13)]),
    ("FROM debian:12\nRUN set -e; \\\n    apt update\n", [(3, 5)]),
    # issue 15 regressions, verdicts checked against hadolint 2.15.1
    (
        "FROM debian:12\n"
        "ONBUILD RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n",
        [],
    ),
    (
        "FROM debian:12\n"
        "ONBUILD RUN --mount=type=cache,target=/var/cache/apt \\\n"
        "    --mount=type=cache,target=/var/lib/apt apt-get update\n",
        [],
    ),
    (
        "FROM debian:12\n"
        "ONBUILD RUN --mount=type=cache,target=/var/cache/apt apt install -y curl\n",
        [(2, 54)],
    ),
    (
        "FROM debian:12\nONBUILD RUN --mount=type=cache,target=/var/cache/apt <<EOF\n"
        "apt-get update\nEOF\n",
        [],
    ),
    (
        "FROM debian:12\nONBUILD RUN --mount=type=cache,target=/var/cache/apt <<EOF\n"
        "apt-get update\napt install -y curl\nEOF\n",
        [(4, 1)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3027(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3027", text) == expected
