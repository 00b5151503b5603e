from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# The last case fires in hadolint too: `$A` is not the new value whatever the order.
# Unlike hadolint, devenv knows that single quotes stop the expansion: `ENV A=1 B='$A'`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nENV A=1\nENV B=$A\n", []),
    ("FROM debian:12\nENV PATH=/opt/bin:$PATH\n", []),
    ("FROM debian:12\nENV A=1 B=$AB\n", []),
    ("FROM debian:12\nENV A=1 B=2 C=$D\n", []),
    ("FROM debian:12\nARG V\nENV V=1 W=$V\n", []),
    ("FROM debian:12\nENV V=0\nENV V=1 W=${V}\n", []),
    ("FROM debian:12\nENV A=1 B=\x27$A\x27x\n", []),
    ("FROM debian:12\nENV A=1\nRUN echo $A\n", []),
    ("FROM debian:12\nENV A=1 B=\x27$A\x27\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3044\nENV A=1 B=$A\n", []),
    # must fire
    ("FROM debian:12\nENV A=1 B=$A\n", [(2, 11)]),
    ('FROM debian:12\nENV HOME_DIR=/srv B="${HOME_DIR}/x"\n', [(2, 22)]),
    ("FROM debian:12\nENV A=1 \\\n    B=$A-x\n", [(3, 7)]),
    ("FROM debian:12\nENV B=$A A=1\n", [(2, 7)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3044(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3044", text) == expected
