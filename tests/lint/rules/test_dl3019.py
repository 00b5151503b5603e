from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `apk`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM alpine:3\nRUN apk add --no-cache curl\n", []),
    ("FROM alpine:3\nRUN apk --no-cache add curl\n", []),
    ("FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n", []),
    ("FROM alpine:3\nRUN --mount=target=/var/cache/apk,type=cache,sharing=locked apk add x\n", []),
    ("FROM alpine:3\nRUN --mount=type=cache,dst=/var/cache/apk apk add curl\n", []),
    ("FROM alpine:3\nRUN apk del curl\n", []),
    ("FROM alpine:3\nRUN apk upgrade\n", []),
    ("FROM alpine:3\nRUN echo apk add curl\n", []),
    ("FROM alpine:3\n# hadolint ignore=DL3019\nRUN apk add curl\n", []),
    ("FROM alpine:3\nRUN apk add --no-cache --virtual .d gcc\n", []),
    # must fire
    ("FROM alpine:3\nRUN apk add curl\n", [(2, 5)]),
    ("FROM alpine:3\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n", [(2, 19)]),
    ("FROM alpine:3\nRUN --mount=type=cache,target=/var/cache apk add curl\n", [(2, 42)]),
    ("FROM alpine:3\nRUN --mount=type=bind,target=/var/cache/apk apk add curl\n", [(2, 45)]),
    ("FROM alpine:3\nONBUILD RUN apk add --virtual .deps curl\n", [(2, 13)]),
    # issue 15 regressions, verdicts checked against hadolint 2.15.1
    ("FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add curl=8.9.1-r0\n", []),
    (
        "FROM alpine:3.20\n"
        "ONBUILD RUN --mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r0\n",
        [],
    ),
    ("FROM alpine:3.20\nONBUILD RUN apk add curl=8.9.1-r0\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3019(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3019", text) == expected
