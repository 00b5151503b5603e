from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first package without a version.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM node:22\nRUN npm install express@4.18.2\n", []),
    ("FROM node:22\nRUN npm install\n", []),
    ("FROM node:22\nRUN npm ci\n", []),
    ("FROM node:22\nRUN npm install -g npm@10 @angular/cli@17\n", []),
    ("FROM node:22\nRUN npm install git+https://github.com/x/y.git#v1\n", []),
    ("FROM node:22\nRUN npm install ./pkg pkg.tgz ../other\n", []),
    ("FROM node:22\nRUN npm --prefix /app install express\n", []),
    ("FROM node:22\nRUN npm i express\n", []),
    ("FROM node:22\nRUN npm install --production\n", []),
    ("FROM node:22\nRUN npm install express@latest\n", []),
    ("FROM node:22\n# hadolint ignore=DL3016\nRUN npm install express\n", []),
    ("FROM node:22\nRUN npm install --global npm@10.9.0\n", []),
    ("FROM node:22\nRUN npm uninstall express\n", []),
    ("FROM node:22\nRUN npm install ./local-dir\n", []),
    # must fire
    ("FROM node:22\nRUN npm install express\n", [(2, 17)]),
    ("FROM node:22\nRUN npm install -g npm\n", [(2, 20)]),
    ("FROM node:22\nRUN npm install @angular/cli @types/node@20\n", [(2, 17)]),
    ("FROM node:22\nRUN npm install git+https://github.com/x/y.git\n", [(2, 17)]),
    ("FROM node:22\nRUN npm run build && npm install --save-dev express\n", [(2, 45)]),
    ("FROM node:22\nONBUILD RUN npm install express\n", [(2, 25)]),
    # issue 15 regressions, verdicts checked against hadolint 2.15.1
    ("FROM node:22\nRUN npm install --loglevel verbose express@4.21.1\n", []),
    ("FROM node:22\nRUN npm install --registry https://npm.example.com express@4.21.1\n", []),
    ("FROM node:22\nRUN npm install --loglevel=warn express@4.21.1\n", []),
    ("FROM node:22\nRUN npm install --registry https://npm.example.com express\n", [(2, 52)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3016(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3016", text) == expected
