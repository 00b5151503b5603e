from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

CHECK = 'HEALTHCHECK CMD ["wget", "-q", "http://127.0.0.1/"]\n'

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (f"FROM nginx:1.27\n{CHECK}", []),
    (f"FROM nginx:1.27 AS base\n{CHECK}FROM base AS prod\nCOPY a /a\n", []),
    (f"FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\n{CHECK}", []),
    (f"FROM nginx:1.27\nHEALTHCHECK NONE\n{CHECK}", []),
    ("FROM nginx:1.27\n# devenv ignore=DV106\nFROM nginx:1.27\n", []),
    ("# hadolint ignore=DV106\nFROM nginx:1.27\n", []),
    ("FROM nginx:1.27\nHEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\n", []),
    # must fire
    ("FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n", [(1, 1)]),
    (f"FROM alpine:3.20 AS build\n{CHECK}  from alpine:3.20\n", [(3, 3)]),
    (f"FROM nginx:1.27 AS base\n{CHECK}FROM base\nHEALTHCHECK NONE\n", [(3, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv106(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV106", text) == expected


DOCKERFILE = f'FROM alpine:3.20 AS prod\nCMD ["x"]\nFROM prod AS debug\n{CHECK}'
SERVICE = "project: p\nservices:\n  app:\n    build: {context: ., target: TARGET}\n"
HEALTH = "    healthcheck: {test: [CMD, wget, -q, 'http://127.0.0.1/']}\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (SERVICE.replace("TARGET", "debug"), []),
        (SERVICE.replace("TARGET", "prod") + HEALTH, []),
        (SERVICE.replace("TARGET", "prod"), [(1, 1)]),
        (SERVICE.replace("TARGET", "prod") + "lint: {ignore: [DV106]}\n", []),
    ],
)
def test_dv106_with_the_config(
    tmp_path: Path, config: str, expected: list[tuple[int, int]]
) -> None:
    assert config_positions(tmp_path, "DV106", config, files={"Dockerfile": DOCKERFILE}) == expected
