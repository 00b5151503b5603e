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
    (S + "    network_mode: bridge\n", []),
    (S + "    network_mode: service:holder\n    pid: service:holder\n", []),
    (S + "    ipc: shareable\n", []),
    (S + "    networks: [host]\n", []),
    (S + "    network_mode: host  # devenv ignore=DV222\n", []),
    # must fire
    (S + "    network_mode: host\n", [(4, 5)]),
    (S + "    pid: host\n    ipc: host\n", [(4, 5), (5, 5)]),
    (S + "    userns_mode: host\n", [(4, 5)]),
]


@pytest.mark.parametrize("env", ["dev", "prod"])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv222(check_rule: CheckRule, text: str, expected: list[tuple[int, int]], env: Env) -> None:
    assert check_rule("DV222", text, env=env) == expected
