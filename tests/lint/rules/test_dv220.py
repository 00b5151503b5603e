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
    (S + "    privileged: false\n", []),
    (S + "    cap_add: [NET_BIND_SERVICE]\n    devices: [/dev/fuse]\n", []),
    (S + "    deploy: {replicas: 2}\n", []),
    (S + "    privileged: true  # devenv ignore=DV220\n", []),
    ("services:\n  app:  # devenv ignore=DV220\n    privileged: true\n", []),
    # must fire
    (S + "    privileged: true\n", [(4, 5)]),
    (S + "  b:\n    image: x:1\n    privileged: true\n", [(6, 5)]),
]


@pytest.mark.parametrize("env", ["dev", "prod"])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv220(check_rule: CheckRule, text: str, expected: list[tuple[int, int]], env: Env) -> None:
    assert check_rule("DV220", text, env=env) == expected
