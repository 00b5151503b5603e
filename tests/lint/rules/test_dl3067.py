from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12 AS b\nFROM debian:12\nCOPY --from=b /out /\n", []),
    ("FROM debian:12 AS b\nFROM debian:12\nCOPY --from=b / /rootfs/\n", []),
    ("FROM debian:12\nCOPY / /\n", []),
    ("FROM debian:12 AS b\nFROM debian:12\nCOPY --from=b /a /b /\n", []),
    ("FROM debian:12 AS b\nFROM x:1\n# hadolint ignore=DL3067\nCOPY --from=b / /\n", []),
    # must fire
    ("FROM debian:12 AS b\nFROM scratch\nCOPY --from=b / /\n", [(3, 1)]),
    ('FROM debian:12 AS b\nFROM scratch\nCOPY --from=b "/" "/"\n', [(3, 1)]),
    ("FROM scratch\n  COPY --from=busybox:1.36 --chown=0:0 / /\n", [(2, 3)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3067(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3067", text) == expected
