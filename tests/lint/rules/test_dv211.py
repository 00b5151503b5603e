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
    (S, []),
    (S + "    depends_on: [db]\n  db:\n    image: db:1\n", []),
    (S + "    env_file: [prod.env]\n", []),
    (S + "    env_file: prod.env\n", []),
    (S + "    deploy: {replicas: 2}\nvolumes: {data: {}}\nsecrets: {db: {external: true}}\n", []),
    (S + "    labels: {build: x, name: y}\n    environment: {profiles: a}\n", []),
    ("version: '3.8'\n" + S, []),
    # must fire
    ("name: shop\n" + S, [(1, 1)]),
    (S + "    build: .\n", [(4, 5)]),
    (S + "    depends_on:\n      db: {condition: service_healthy}\n", [(4, 5)]),
    (S + "    env_file:\n      - path: prod.env\n        required: false\n", [(4, 5)]),
    (
        "include: [other.yaml]\n" + S + "    profiles: [debug]\n    extends: {service: base}\n",
        [(1, 1), (5, 5), (6, 5)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv211(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV211", text) == expected


CFG = (
    "project: p\nservices:\n  api:\n    build: {context: .}\n    depends_on: [db]\n"
    "    environment: ['A=1']\n  db:\n    image: db:1\n"
)


@pytest.mark.parametrize("config", [CFG, CFG + "lint: {ignore: [DV211]}\n"])
def test_dv211_never_fires_on_a_rendered_stack(tmp_path: Path, config: str) -> None:
    files = {"Dockerfile": "FROM alpine:3.20\n"}
    assert config_positions(tmp_path, "DV211", config, files=files) == []
