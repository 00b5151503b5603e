from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from devenv.lint.subjects import Env
    from tests.lint.rules.conftest import CheckRule

S = "services:\n  app:\n    image: example/app:1.0\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (S, []),
    (S + "    volumes: [data:/var/run]\n", []),
    (S + "    volumes: [./docker.sock:/var/run/docker.sock]\n", []),
    (S + "    volumes: [/srv/run/docker.sock:/x]\n", []),
    (S + "    environment: {DOCKER_HOST: tcp://proxy:2375}\n", []),
    (S + "    volumes:\n      # devenv ignore=DV221\n      - /var/run/docker.sock:/s\n", []),
    # must fire
    (S + "    volumes: [/var/run/docker.sock:/var/run/docker.sock:ro]\n", [(4, 15)]),
    (S + "    volumes:\n      - {type: bind, source: /run/docker.sock, target: /s}\n", [(5, 9)]),
    (S + "    volumes: [x:/y, //var/run//docker.sock:/s]\n", [(4, 21)]),
]


@pytest.mark.parametrize("env", ["dev", "prod"])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv221(check_rule: CheckRule, text: str, expected: list[tuple[int, int]], env: Env) -> None:
    assert check_rule("DV221", text, env=env) == expected
