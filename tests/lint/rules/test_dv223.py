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
    (S + "    cap_add: [NET_BIND_SERVICE, CHOWN]\n", []),
    (S + "    cap_drop: [SYS_ADMIN, ALL]\n", []),
    (S + "    cap_add: [SYS_NICE]\n", []),
    (S + "    cap_add:\n      - SYS_PTRACE  # devenv ignore=DV223\n", []),
    (S + "    # devenv ignore=DV223\n    cap_add: [SYS_ADMIN, NET_ADMIN]\n", []),
    # must fire
    (S + "    cap_add: [SYS_ADMIN]\n", [(4, 15)]),
    (S + "    cap_add:\n      - CHOWN\n      - cap_sys_time\n", [(6, 9)]),
    (S + "    cap_add: [NET_ADMIN, SYS_MODULE, ALL]\n", [(4, 15), (4, 26), (4, 38)]),
]


@pytest.mark.parametrize("env", ["dev", "prod"])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv223(check_rule: CheckRule, text: str, expected: list[tuple[int, int]], env: Env) -> None:
    assert check_rule("DV223", text, env=env) == expected
