from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM node:22\nARG NODE_ENV=production\n", []),
    ("FROM node:22\nENV APP_HOME=/srv PORT=3000\n", []),
    ("FROM node:22\nARG BUILD_DATE\nARG VCS_REF\n", []),
    ("FROM node:22\nRUN echo $GITHUB_TOKEN\n", []),
    ("FROM node:22\nLABEL password=none\n", []),
    ("FROM node:22\n# hadolint ignore=DL3064\nARG NPM_TOKEN\n", []),
    # must fire
    ("FROM node:22\nARG NPM_TOKEN\n", [(2, 5)]),
    ("FROM node:22\nARG db_Password_file=/run/x\n", [(2, 5)]),
    ("FROM node:22\nENV PORT=3000 AWS_SECRET_ACCESS_KEY=x\n", [(2, 15)]),
    ("FROM node:22\nENV Api_Key_Path=/x\n", [(2, 5)]),
    ("FROM node:22\nONBUILD ARG GH_TOKEN\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3064(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3064", text) == expected
