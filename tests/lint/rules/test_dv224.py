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
    (S + "    security_opt: [no-new-privileges:true]\n", []),
    (S + "    security_opt: [seccomp:./profile.json, apparmor:docker-default]\n", []),
    (S + "    security_opt: [label:type:svirt_apache_t]\n", []),
    (S + "    security_opt: [seccomp:unconfined]  # devenv ignore=DV224\n", []),
    # must fire
    (S + "    security_opt: [seccomp:unconfined]\n", [(4, 20)]),
    (
        S + "    security_opt:\n      - apparmor=unconfined\n      - label:disable\n",
        [(5, 9), (6, 9)],
    ),
    (S + "    security_opt: [systempaths=unconfined]\n", [(4, 20)]),
]


@pytest.mark.parametrize("env", ["dev", "prod"])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv224(check_rule: CheckRule, text: str, expected: list[tuple[int, int]], env: Env) -> None:
    assert check_rule("DV224", text, env=env) == expected
