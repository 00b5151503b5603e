from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

S = "services:\n  api:\n    image: api:1\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (S + "    healthcheck: {test: [CMD, wget, -q, 'http://127.0.0.1/']}\n", []),
    (S + "    healthcheck:\n      test: curl -f http://127.0.0.1/\n", []),
    (S + "    healthcheck: {test: [CMD-SHELL, 'true'], interval: 5s}\n", []),
    ("services: {}\n", []),
    ("version: '3.8'\n", []),
    # must fire
    (S, [(2, 3)]),
    (S + "    healthcheck: {disable: true}\n", [(2, 3)]),
    (S + "    healthcheck: {test: [NONE]}\n  db:\n    image: db:1\n", [(2, 3), (5, 3)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv205(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV205", text) == expected


CFG = "project: p\nservices:\n  api:\n    build: {context: ., target: TARGET}\n"
HEALTH = "    healthcheck: {test: [CMD, wget, -q, 'http://127.0.0.1/']}\n"
DOCKERFILE = (
    "FROM alpine:3.20 AS base\nHEALTHCHECK CMD wget -q http://127.0.0.1/\n"
    "FROM base AS prod\nFROM prod AS quiet\nHEALTHCHECK NONE\nFROM alpine:3.20 AS bare\n"
)


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CFG.replace("TARGET", "prod"), []),
        (CFG.replace("TARGET", "base"), []),
        (CFG.replace("TARGET", "quiet") + HEALTH, []),
        (CFG.replace("TARGET", "bare") + HEALTH, []),
        (CFG.replace("TARGET", "quiet"), [(3, 3)]),
        (CFG.replace("TARGET", "bare"), [(3, 3)]),
        (CFG.replace("TARGET", "bare") + "lint: {ignore: [DV205]}\n", []),
        ("project: p\nservices:\n  db:\n    image: postgres:16.4\n", [(3, 3)]),
    ],
)
def test_dv205_on_the_config(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    found = config_positions(tmp_path, "DV205", config, files={"Dockerfile": DOCKERFILE})
    assert found == expected


def test_dv205_reads_the_dockerfile_when_the_stack_has_none(tmp_path: Path) -> None:
    from devenv import render
    from devenv.lint import runner as lint
    from devenv.lint.rules import RULES
    from devenv.lint.subjects import Stack
    from tests.lint.rules.stacks import load_project

    files = {"Dockerfile": DOCKERFILE}
    cfg = load_project(tmp_path, CFG.replace("TARGET", "prod"), files).config
    data = render.render_prod(cfg, cfg.root, "v1")
    stack = Stack("devenv.yaml", "prod", data, {}, cfg, rendered=True)
    assert lint.check(stack, [RULES["DV205"]]) == []
