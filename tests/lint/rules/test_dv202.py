from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from devenv.lint.subjects import Env
    from tests.lint.rules.conftest import CheckRule, RuleFindings

DB = "services:\n  db:\n    image: postgres:16.4\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (DB + "    volumes: [pgdata:/var/lib/postgresql/data]\n", []),
    (DB + "    volumes: [pgdata:/var/lib/postgresql]\n", []),
    (DB + "    volumes: [{type: volume, source: pg, target: /var/lib/postgresql/data}]\n", []),
    (DB + "    tmpfs: [/var/lib/postgresql/data]\n", []),
    (DB + "    volumes: ['./pg:/var/lib/postgresql/data']\n", []),
    ("services:\n  cache:\n    image: memcached:1.6\n", []),
    ("services:\n  app:\n    image: 127.0.0.1:5000/p/app:1\n", []),
    ("services:\n  db:\n    image: bitnami/postgresql:16\n", []),
    ("services:\n  db:\n    build: .\n", []),
    # must fire
    (DB, [(3, 5)]),
    (DB + "    volumes: [/var/lib/postgresql/data]\n", [(4, 15)]),
    ("services:\n  r:\n    image: 127.0.0.1:5000/redis:7\n    volumes: [x:/tmp]\n", [(3, 5)]),
    ("services:\n  s:\n    image: mcr.microsoft.com/mssql/server:2022-CU14\n", [(3, 5)]),
    ("services:\n  m:\n    image: mariadb:11\n  q:\n    image: rabbitmq:3\n", [(3, 5), (5, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv202(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV202", text) == expected


PG = "project: p\nservices:\n  db:\n    image: postgres:16.4\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (PG + "    data: [/var/lib/postgresql/data]\n", []),
        (PG + "    data: [/var/lib/postgresql]\n", []),
        (PG + "    data: [/srv/other]\n", [(4, 5)]),
        (PG, [(4, 5)]),
        (PG + "lint: {ignore: [DV202]}\n", []),
        ("project: p\nservices:\n  app:\n    image: mongo:7\n    data: [/data/db]\n", []),
    ],
)
def test_dv202_on_the_config(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    assert config_positions(tmp_path, "DV202", config) == expected


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        (DB + "    volumes: [pgdata:/var/lib/postgresql/data]\n", "dev", []),
        (DB + "    volumes: [pgdata:/var/lib/postgresql/data]\n", "prod", []),
        ("services:\n  cache:\n    image: memcached:1.6\n", "dev", []),
        ("services:\n  git:\n    image: gitea/gitea:1.22\n    volumes: [g:/data]\n", "dev", []),
        (DB + "    # devenv ignore=DV202\n    volumes: [/var/lib/postgresql/data]\n", "dev", []),
        ("services:\n  db:  # devenv ignore=DV202\n    image: postgres:16.4\n", "prod", []),
        (DB, "dev", [(3, 5)]),
        (DB + "    volumes: [/var/lib/postgresql/data]\n", "dev", [(4, 15)]),
        ("services:\n  git:\n    image: gitea/gitea:1.22\n", "dev", [(3, 5)]),
        ("services:\n  j:\n    image: jenkins/jenkins:lts\n", "prod", [(3, 5)]),
    ],
)
def test_dv202_in_dev_and_prod(
    check_rule: CheckRule, text: str, env: Env, expected: list[tuple[int, int]]
) -> None:
    assert check_rule("DV202", text, env=env) == expected


def test_dv202_says_what_each_environment_loses(rule_findings: RuleFindings) -> None:
    (dev,) = rule_findings("DV202", DB, env="dev")
    assert "the next recreate (or `down -v`) loses it" in dev.message
    (prod,) = rule_findings("DV202", DB, env="prod")
    assert "each Swarm task starts with a fresh anonymous volume" in prod.message
    assert "volumes: [NAME:/var/lib/postgresql/data]" in prod.message


def test_dv202_reports_a_rendered_config_once(tmp_path: Path) -> None:
    from devenv.lint import runner as lint
    from devenv.lint.rules import RULES
    from devenv.lint.settings import Settings
    from tests.lint.rules.stacks import load_project

    project = load_project(tmp_path, PG)
    found = lint.lint(
        [project, *lint.rendered_stacks(project)], Settings(), {"DV202": RULES["DV202"]}
    )
    assert [(f.line, f.column) for f in found] == [(4, 5)]


def test_dv202_reads_the_volumes_an_image_declares(rule_findings: RuleFindings) -> None:
    from devenv.lint import runner as lint
    from devenv.lint.rules import RULES
    from devenv.lint.subjects import stack_from_text

    text = "services:\n  app:\n    image: acme/store:2\n    volumes: ['cache:/cache']\n"
    declared = {"acme/store:2": ("/cache", "/srv/store")}
    for env in ("dev", "prod"):
        stack = stack_from_text(text, env)._replace(image_volumes=declared)
        found = lint.check(stack, [RULES["DV202"]])
        assert [(f.line, f.column) for f in found] == [(3, 5)]
        assert "/srv/store (the acme/store:2 image declares VOLUME it)" in found[0].message
    assert rule_findings("DV202", text) == []  # the engine was not asked: only the list
