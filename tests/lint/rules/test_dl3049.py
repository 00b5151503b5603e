"""DL3049, with one required label (`maintainer`): which stages must set it. Verdicts checked
against hadolint 2.15.1 with the same schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule
from tests.lint.rules.labels import ONE

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nLABEL maintainer=ops@example.com\n", []),
    (
        "FROM golang:1.23 AS build\n"
        "RUN go build\n"
        "FROM debian:12\n"
        "COPY --from=build /a /a\n"
        "LABEL maintainer=ops@example.com\n",
        [],
    ),
    ("FROM debian:12 AS base\nLABEL maintainer=ops@example.com\nFROM base\nRUN true\n", []),
    (
        "FROM debian:12 AS base\n"
        "LABEL maintainer=ops@example.com\n"
        "FROM base AS test\n"
        "FROM base AS prod\n",
        [],
    ),
    # by design: a stage copied from by index is a build step too (hadolint reads names only)
    (
        "FROM golang:1.23\n"
        "RUN go build\n"
        "FROM debian:12\n"
        "COPY --from=0 /a /a\n"
        "LABEL maintainer=ops@example.com\n",
        [],
    ),
    ("FROM debian:12 AS base\nFROM base\nLABEL maintainer=ops@example.com\n", []),
    ('FROM debian:12\nLABEL "maintainer"="ops@example.com"\n', []),
    ("# hadolint ignore=DL3049\nFROM debian:12\n", []),
    (
        "FROM debian:12 AS build\n"
        "RUN make\n"
        "FROM debian:12\n"
        "LABEL maintainer=ops@example.com\n"
        "COPY --from=build /out /out\n",
        [],
    ),
    (
        "FROM debian:12\n"
        "LABEL maintainer=ops@example.com\n"
        "FROM scratch AS export\n"
        "COPY --from=0 /a /a\n"
        "LABEL maintainer=ops@example.com\n",
        [],
    ),
    # must fire
    ("FROM debian:12 AS base\nFROM base AS prod\nLABEL maintainer=ops@example.com\n", [(1, 1)]),
    ("FROM debian:12\nLABEL org.opencontainers.image.title=x\n", [(1, 1)]),
    ("FROM debian:12\n", [(1, 1)]),
    ("FROM debian:12\nONBUILD LABEL maintainer=ops@example.com\n", [(1, 1)]),
    (
        "FROM golang:1.23 AS build\n"
        "RUN go build\n"
        "FROM debian:12\n"
        "LABEL maintainer=ops@example.com\n",
        [(1, 1)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3049(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3049", text, options=ONE) == expected
