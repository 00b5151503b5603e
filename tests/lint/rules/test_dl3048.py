from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nLABEL maintainer=ops\n", []),
    ("FROM debian:12\nLABEL org.opencontainers.image.source=https://x\n", []),
    ("FROM debian:12\nLABEL x-y.z2=1 a_b=2\n", []),
    ('FROM debian:12\nLABEL "quoted.key"=1\n', []),
    ("FROM debian:12\nLABEL team/app=1\n", []),
    ("FROM debian:12\nENV Maintainer=x\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3048\nLABEL Maintainer=ops\n", []),
    # must fire
    ("FROM debian:12\nLABEL Maintainer=ops\n", [(2, 7)]),
    ("FROM debian:12\nLABEL ok=1 com.docker.extension=1\n", [(2, 12)]),
    ("FROM debian:12\nLABEL a..b=1\n", [(2, 7)]),
    ("FROM debian:12\nLABEL 1abc=1\n", [(2, 7)]),
    ("FROM debian:12\nLABEL version=1 \\\n      build.=2\n", [(3, 7)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3048(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3048", text) == expected
