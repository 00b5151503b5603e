from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first package without a version.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM alpine:3\nRUN apk add curl=8.5.0-r0\n", []),
    ('FROM alpine:3\nRUN apk add "curl~8.5"\n', []),
    ("FROM alpine:3\nRUN apk add --virtual .deps curl=1\n", []),
    ("FROM alpine:3\nRUN apk add -t .deps --repository http://x/edge curl=1\n", []),
    ("FROM alpine:3\nRUN apk add -X http://x/edge curl=1\n", []),
    ("FROM alpine:3\nRUN apk add ./pkg.apk\n", []),
    ("FROM alpine:3\nRUN apk update\n", []),
    ("FROM alpine:3\nRUN apk add 'curl>8' 'git<3'\n", []),
    ("FROM alpine:3\nRUN apk del curl\n", []),
    ("FROM alpine:3\n# hadolint ignore=DL3018\nRUN apk add curl\n", []),
    ("FROM alpine:3\nRUN apk info curl\n", []),
    ("FROM alpine:3\nRUN apk add\n", []),
    ("FROM alpine:3\nRUN apk add --no-cache curl=1 --virtual .d\n", []),
    # must fire
    ("FROM alpine:3\nRUN apk add curl\n", [(2, 13)]),
    ("FROM alpine:3\nRUN apk add --no-cache curl=8.5.0-r0 git\n", [(2, 38)]),
    ("FROM alpine:3\nRUN apk --update add curl\n", [(2, 22)]),
    ("FROM alpine:3\nRUN apk add --virtual=.deps curl\n", [(2, 29)]),
    ("FROM alpine:3\nRUN apk add curl>8\n", [(2, 13)]),
    ("FROM alpine:3\nONBUILD RUN apk add \\\n    curl\n", [(3, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3018(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3018", text) == expected
