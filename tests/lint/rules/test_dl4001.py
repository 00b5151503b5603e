from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first curl or wget in the RUN.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN curl x\nRUN curl y\n", []),
    ("FROM debian:12\nRUN curl x\nFROM debian:12\nRUN wget y\n", []),
    ("FROM debian:12 AS a\nRUN curl x\nFROM a\nRUN wget y\n", []),
    ("FROM debian:12\nRUN apt-get install -y curl wget\n", []),
    ("FROM debian:12\nRUN wget y\nONBUILD RUN curl x\n", []),
    ("FROM debian:12\nRUN echo curl wget\n", []),
    ("FROM debian:12\nRUN curl x\n# hadolint ignore=DL4001\nRUN wget y\n", []),
    ("FROM debian:12\nRUN wget x\nRUN wget y\n", []),
    ("FROM debian:12\nRUN curlie x && wget y\n", []),
    ("FROM alpine:3\nRUN apk add --no-cache curl wget\n", []),
    # must fire
    ("FROM debian:12\nRUN curl x && wget y\n", [(2, 5)]),
    ("FROM debian:12\nRUN curl x\nRUN echo; wget y\n", [(3, 11)]),
    (
        "FROM debian:12\nRUN curl x\nRUN wget y\nRUN wget z\nRUN echo\nRUN curl w\n",
        [(3, 5), (4, 5), (6, 5)],
    ),
    ("FROM debian:12\nONBUILD RUN curl x\nONBUILD RUN wget y\n", [(3, 13)]),
    ("FROM debian:12\nRUN curl x $(wget y)\n", [(2, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl4001(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL4001", text) == expected
