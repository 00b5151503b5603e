from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

S = "services:\n  app:\n    image: example/app:1.0\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (S + "    security_opt: [no-new-privileges:true]\n", []),
    (S + "    security_opt: ['no-new-privileges=true', 'seccomp:p.json']\n", []),
    (S + "    security_opt: [no-new-privileges]\n", []),
    ("services: {}\n", []),
    (S.replace("  app:", "  app:  # devenv ignore=DV226"), []),
    # must fire
    (S, [(3, 5)]),
    (S + "    security_opt: [no-new-privileges:false]\n", [(4, 5)]),
    (S + "  b:\n    image: x:1\n    security_opt: [no-new-privileges:true]\n", [(3, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv226(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV226", text) == expected


def test_dv226_leaves_dev_and_devenvs_own_stack_alone(tmp_path: Path) -> None:
    from devenv.lint import runner as lint
    from devenv.lint.rules import RULES
    from devenv.lint.subjects import stack_from_text

    assert lint.check(stack_from_text(S, "dev"), [RULES["DV226"]]) == []
    assert (
        config_positions(tmp_path, "DV226", "project: p\nservices:\n  a:\n    image: a:1\n") == []
    )
