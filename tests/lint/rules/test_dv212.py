from __future__ import annotations

from pathlib import Path

import pytest

from devenv import render
from devenv.lint import runner as lint
from devenv.lint import settings as lintconfig
from devenv.lint.rules import RULES
from devenv.lint.subjects import stack_from_text
from tests.lint.rules.stacks import load_project

RULE = {"DV212": RULES["DV212"]}
DB = 'services:\n  db:\n    image: db:1\n    volumes: ["data:/var/lib/db"]\n'


def on_swarm(text: str, nodes: int | None = 3) -> list[tuple[int, int]]:
    stack = stack_from_text(text, "prod")._replace(nodes=nodes)
    return [(f.line, f.column) for f in lint.lint([stack], lintconfig.Settings(), RULE)]


CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("services:\n  web:\n    image: web:1\n", []),
    (DB + '    deploy:\n      placement: {constraints: ["node.labels.role == db"]}\n', []),
    (DB + '    deploy:\n      placement: {constraints: ["node.hostname==db1"]}\n', []),
    (DB + "    deploy: {mode: global, placement: {constraints: [node.id == abc]}}\n", []),
    (DB + "    deploy: {replicas: 0}\n", []),
    (DB + "volumes:\n  data: {driver: rexray}\n", []),
    (DB + "volumes:\n  data: {external: true}\n", []),
    (DB + "volumes:\n  data:\n    driver_opts: {type: nfs, o: addr=10.0.0.5, device: ':/x'}\n", []),
    ('services:\n  db:\n    image: db:1\n    volumes: ["data:/var/lib/db:ro"]\n', []),
    ('services:\n  db:\n    image: db:1\n    volumes: ["./conf:/etc/db", "/srv:/srv"]\n', []),
    (
        "services:\n  db:\n    image: db:1\n    volumes:\n"
        "      - {type: volume, source: data, target: /d, read_only: true}\n"
        "      - {type: tmpfs, target: /tmp}\n",
        [],
    ),
    # must fire (a constraint that does not pin: `!=` leaves every other node)
    (DB, [(4, 15)]),
    (DB + "    deploy: {replicas: 3}\nvolumes:\n  data: {}\n", [(4, 15)]),
    (DB + "    deploy: {mode: global}\nvolumes:\n  data: {driver: local}\n", [(4, 15)]),
    (DB + '    deploy:\n      placement: {constraints: ["node.role != manager"]}\n', [(4, 15)]),
    (
        "services:\n  db:\n    image: db:1\n    volumes:\n"
        "      - {type: volume, source: data, target: /d}\n",
        [(5, 9)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv212(text: str, expected: list[tuple[int, int]]) -> None:
    assert on_swarm(text) == expected


@pytest.mark.parametrize("nodes", [None, 1])
def test_dv212_is_silent_on_one_node_or_when_the_swarm_is_unknown(nodes: int | None) -> None:
    assert on_swarm(DB + "    deploy: {replicas: 3}\n", nodes) == []


def test_dv212_says_what_is_wrong_and_what_to_do() -> None:
    stack = stack_from_text(DB + "    deploy: {replicas: 2}\n", "prod")._replace(nodes=3)
    (finding,) = lint.lint([stack], lintconfig.Settings(), RULE)
    assert finding.message == (
        "service db: 2 replicas on a swarm of 3 nodes each write their own copy of local "
        "volume data, so the data is not shared: pin it to one node with a placement "
        "constraint, use a volume driver that shares data, or keep the state in an "
        "external database"
    )
    one = stack_from_text(DB, "prod")._replace(nodes=2)
    (finding,) = lint.lint([one], lintconfig.Settings(), RULE)
    assert "may move its task to another node, onto an empty volume" in finding.message


CFG = """\
project: p
services:
  db:
    image: db:1
    data: [/var/lib/db]
    prod: {{replicas: 2}}
{extra}"""


@pytest.mark.parametrize(
    ("extra", "expected"), [("", [(5, 12)]), ("lint: {ignore: [DV212]}\n", [])]
)
def test_dv212_points_at_data_in_devenv_yaml(
    tmp_path: Path, extra: str, expected: list[tuple[int, int]]
) -> None:
    project = load_project(tmp_path, CFG.format(extra=extra))
    cfg = project.config
    stack = lint.rendered_stack(project, "prod", render.render_prod(cfg, cfg.root, "v1"), 3)
    settings = lintconfig.from_project(cfg, lintconfig.Settings())
    found = lint.lint([stack], settings, RULE)
    assert [(f.line, f.column) for f in found] == expected
