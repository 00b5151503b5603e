"""DL1001, checked as when turned on. Verdicts checked against hadolint 2.15.1 with
`override: {info: [DL1001]}`; `# devenv ignore=` is devenv's own pragma."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN true\n", []),
    ("# hadolint global ignore=DL3008\nFROM debian:12\n", []),
    ("# hadolint shell=bash\nFROM debian:12\n", []),
    ("FROM debian:12\nRUN echo a \\\n# hadolint ignore=DL3008\n    b\n", []),
    ("# hadolint ignore=DL3008 because the mirror lags\nFROM debian:12\n", []),
    ("# a note: hadolint ignore=DL3008\nFROM debian:12\n", []),
    ("# hadolint global ignore=DL1001\n# hadolint ignore=DL3006\nFROM debian\n", []),
    # must fire
    ("# hadolint ignore=DL3006\nFROM debian\n", [(1, 1)]),
    (
        "FROM debian:12\n  #hadolint ignore = DL3008, DL3015\nRUN apt-get install -y curl\n",
        [(2, 3)],
    ),
    ("FROM debian:12\n# devenv ignore=DV101\nRUN apt-get update\n", [(2, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl1001(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL1001", text) == expected
