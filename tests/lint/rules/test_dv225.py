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
    (S + "    volumes: [/etc/localtime:/etc/localtime:ro, /etc/timezone:/etc/timezone:ro]\n", []),
    (S + "    volumes: [./etc:/etc/app, etc:/etc/app]\n", []),
    (S + "    volumes: [/srv/data:/data, /var/lib/app:/data2]\n", []),
    (S + "    volumes: [/var/run/docker.sock:/s]\n", []),
    (S + "    volumes: [~/.cache/pip:/root/.cache/pip]\n", []),
    (S + "    volumes: [/:/host:ro]  # devenv ignore=DV225\n", []),
    # must fire
    (S + "    volumes: [/:/host:ro]\n", [(4, 15)]),
    (S + "    volumes: [/etc:/host/etc, /proc:/host/proc]\n", [(4, 15), (4, 31)]),
    (S + "    volumes:\n      - {type: bind, source: /sys/fs/cgroup, target: /c}\n", [(5, 9)]),
    (S + "    volumes: [~/.ssh:/root/.ssh:ro, /var/run/dbus:/run/dbus]\n", [(4, 15), (4, 37)]),
]


@pytest.mark.parametrize("env", ["dev", "prod"])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv225(check_rule: CheckRule, text: str, expected: list[tuple[int, int]], env: Env) -> None:
    assert check_rule("DV225", text, env=env) == expected
