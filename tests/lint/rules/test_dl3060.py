from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `yarn install`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM node:22\nRUN yarn install && yarn cache clean\n", []),
    ("FROM node:22\nRUN yarn install --frozen-lockfile; yarn cache clean --all\n", []),
    ("FROM node:22\nRUN yarn\n", []),
    ("FROM node:22\nRUN yarn add express\n", []),
    ("FROM node:22\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n", []),
    ("FROM node:22\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install\n", []),
    ("FROM node:22\nRUN yarn install --frozen-lockfile && yarn build && yarn cache clean\n", []),
    ("FROM node:22\nRUN npm install\n", []),
    ("FROM node:22 AS build\nRUN yarn install\nFROM node:22\nCOPY --from=build /a /a\n", []),
    ("FROM node:22\n# hadolint ignore=DL3060\nRUN yarn install\n", []),
    ("FROM node:22\nRUN yarn cache clean\n", []),
    ("FROM node:22\nRUN yarnpkg install\n", []),
    ("FROM node:22\nRUN echo yarn install\n", []),
    ("FROM node:22\nRUN yarn install && yarn cache clean --force\n", []),
    # must fire
    ("FROM node:22\nRUN yarn install\n", [(2, 5)]),
    ("FROM node:22\nRUN yarn install\nRUN yarn cache clean\n", [(2, 5)]),
    ("FROM node:22\nRUN yarn --cwd /app install\n", [(2, 5)]),
    ("FROM node:22 AS build\nRUN yarn install\nFROM build\nRUN echo\n", [(2, 5)]),
    ("FROM node:22\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n", [(2, 5)]),
    ("FROM node:22\nRUN --mount=type=cache,target=/yarn-cache yarn install\n", [(2, 43)]),
    (
        "FROM node:22 AS a\nONBUILD RUN yarn workspaces focus && yarn install\nFROM node:22\n",
        [(2, 38)],
    ),
    # issue 15 regressions, verdicts checked against hadolint 2.15.1
    ("FROM node:22\nRUN --mount=type=tmpfs,target=/usr/local/share/.cache/yarn yarn install\n", []),
    ("FROM node:22\nRUN yarn install foo && yarn cache clean && yarn add bar\n", []),
    ("FROM node:22\nRUN yarn install a && yarn install b && yarn cache clean\n", []),
    ("FROM node:22\nRUN yarn cache clean && yarn install foo\n", [(2, 25)]),
    ("FROM node:22\nRUN yarn cache clean; \\\n    yarn install\n", [(3, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3060(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3060", text) == expected
