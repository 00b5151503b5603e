from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the --from flag.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12 AS build\nFROM debian:12\nCOPY --from=build /a /b\n", []),
    ("FROM debian:12 AS build\nFROM debian:12\nCOPY --link --from=build /a /b\n", []),
    ("FROM debian:12\nCOPY --from=0 /a /b\n", []),
    ("FROM debian:12\nFROM debian:12\nCOPY --from=1 /a /b\n", []),
    ("FROM debian:12\nCOPY --from=nginx:1.27 /a /b\n", []),
    ("FROM debian:12\nCOPY --from=registry.local:5000/x /a /b\n", []),
    ("FROM debian:12\nCOPY --from=nginx@sha256:" + "a" * 64 + " /a /b\n", []),
    ("FROM debian:12\nONBUILD COPY --from=x /a /b\n", []),
    ("FROM debian:12\nCOPY /a /b\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3022\nCOPY --from=build /a /b\n", []),
    # Deliberate: Docker matches stage names case-insensitively, hadolint does not.
    ("FROM debian:12 AS Build\nFROM debian:12\nCOPY --from=build /a /b\n", []),
    # must fire
    ("FROM debian:12\nCOPY --from=build /a /b\n", [(2, 6)]),
    ("FROM debian:12\nCOPY --from=nginx /a /b\n", [(2, 6)]),
    ("FROM debian:12\nCOPY --chown=1 --from=library/nginx /a /b\n", [(2, 16)]),
    ("FROM debian:12\nFROM debian:12\nCOPY --from=2 /a /b\n", [(3, 6)]),
    ("FROM debian:12\nCOPY --from=build /a /b\nFROM debian:12 AS build\n", [(2, 6)]),
    ("FROM debian:12\nCOPY --from=$STAGE /a /b\n", [(2, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3022(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3022", text) == expected
