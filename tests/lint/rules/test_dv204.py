from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from devenv.lint.subjects import Env
    from tests.lint.rules.conftest import CheckRule, RuleFindings

S = "services:\n  app:\n"
DIGEST = "@sha256:" + "a" * 64

CASES: list[tuple[str, Env, list[tuple[int, int]]]] = [
    # must not fire
    (S + "    image: redis:7.4.1\n", "dev", []),
    (S + f"    image: redis:7.4.1{DIGEST}\n", "prod", []),
    (S + f"    image: redis{DIGEST}\n", "dev", []),
    (S + f"    image: redis{DIGEST}\n", "prod", []),
    (S + f"    image: nginx:latest{DIGEST}\n", "prod", []),
    (S + "    image: 127.0.0.1:5000/p/app:${TAG}\n", "dev", []),
    (S + "    image: 127.0.0.1:5000/p/app:${TAG}\n", "prod", []),
    (S + "    image: ${IMAGE}\n", "prod", []),
    (S + "    image: registry.local:5000/latest:1.2\n", "dev", []),
    (S + "    image: nginx:latest-alpine\n", "dev", []),
    (S + "    build: .\n", "dev", []),
    (S + "    build: .\n", "prod", []),
    (S + "    image: redis  # devenv ignore=DV204\n", "dev", []),
    # must fire
    (S + "    image: redis\n", "dev", [(3, 5)]),
    (S + "    image: redis\n", "prod", [(3, 5)]),
    (S + "    image: nginx:latest\n", "dev", [(3, 5)]),
    (S + "    image: redis:7.4.1\n", "prod", [(3, 5)]),  # no digest in production
    (
        S + "    image: registry.local:5000/team/app\n  db:\n    image: postgres:latest\n",
        "dev",
        [(3, 5), (5, 5)],
    ),
]


@pytest.mark.parametrize(("text", "env", "expected"), CASES)
def test_dv204(check_rule: CheckRule, text: str, env: Env, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV204", text, env=env) == expected


def test_dv204_messages_say_why(rule_findings: RuleFindings) -> None:
    (dev,) = rule_findings("DV204", S + "    image: gitea/gitea:latest\n", env="dev")
    assert "gitea/gitea:latest uses `latest`" in dev.message
    (prod,) = rule_findings("DV204", S + "    image: gitea/gitea:1.22\n", env="prod")
    assert "not pinned by digest in a production stack" in prod.message


CFG = "project: p\nservices:\n  web:\n    build: {context: .}\n  db:\n    image: "
FILES = {"Dockerfile": "FROM alpine:3.20\n"}


@pytest.mark.parametrize(
    ("config", "promoted", "expected"),
    [
        (CFG + "postgres:16.4\n", False, []),
        (CFG + f"postgres:16.4{DIGEST}\n", True, []),
        (CFG + "postgres\n", False, [(6, 5)]),
        (CFG + "postgres:16.4\n", True, [(6, 5)]),
        (CFG + "postgres:latest\nlint: {ignore: [DV204]}\n", False, []),
        (CFG + "postgres:16.4\nlint: {ignore: [DV204]}\n", True, []),
    ],
)
def test_dv204_on_the_config(
    tmp_path: Path, config: str, promoted: bool, expected: list[tuple[int, int]]
) -> None:
    found = config_positions(tmp_path, "DV204", config, files=FILES, promoted=promoted)
    assert found == expected


def test_dv204_promoted_built_image_without_digest(tmp_path: Path) -> None:
    from devenv import render
    from devenv.lint import runner as lint
    from devenv.lint.rules import RULES
    from devenv.lint.subjects import Stack
    from tests.lint.rules.stacks import load_project

    project = load_project(tmp_path, CFG + f"postgres:16.4{DIGEST}\n", FILES)
    cfg = project.config
    data = render.render_prod(cfg, cfg.root, "v1")
    positions = {**cfg.positions.value, **cfg.positions.key}
    stack = Stack("devenv.yaml", "prod", data, positions, cfg, rendered=True, promoted=True)
    found = lint.check(stack, [RULES["DV204"]])
    assert [(f.line, f.column) for f in found] == [(4, 5)]
    assert "p/web:v1 is not pinned by digest" in found[0].message
