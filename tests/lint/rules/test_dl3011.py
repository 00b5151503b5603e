from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM nginx:1.27\nEXPOSE 80\n", []),
    ("FROM nginx:1.27\nEXPOSE 65535 0\n", []),
    ("FROM nginx:1.27\nEXPOSE 8000-8010/tcp 53/udp\n", []),
    ("FROM nginx:1.27\nEXPOSE $PORT\n", []),
    ("FROM nginx:1.27\nARG PORT=99999\nEXPOSE ${PORT}\n", []),
    ("FROM nginx:1.27\nENV PORT=70000\n", []),
    ("FROM nginx:1.27\n# hadolint ignore=DL3011\nEXPOSE 80800\n", []),
    # must fire
    ("FROM nginx:1.27\nEXPOSE 80800\n", [(2, 8)]),
    ("FROM nginx:1.27\nEXPOSE 80 65536/udp\n", [(2, 11)]),
    ("FROM nginx:1.27\nEXPOSE 60000-70000\n", [(2, 8)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3011(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3011", text) == expected
