from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verified against hadolint 2.15.1 (which reports the same line, always at column 1).
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN a\n", []),
    ("FROM debian:12\nRUN a\nENV X=1\nRUN b\n", []),
    ("FROM debian:12\nRUN a && b\nRUN c\n", []),
    ("FROM debian:12\nRUN a\nRUN b | c\n", []),
    ("FROM debian:12\nRUN a \\\n  && b\nRUN c\n", []),
    ("FROM debian:12\nRUN echo $(date)\nRUN b\n", []),
    ('FROM debian:12\nRUN echo "$(date)"\nRUN b\n', []),
    ("FROM debian:12\nRUN if x; then y; fi\nRUN c\n", []),
    ("FROM debian:12\nRUN --mount=type=cache,target=/x a\nRUN b\n", []),
    ("FROM debian:12\nRUN --network=none a\nRUN --network=host b\n", []),
    ("FROM debian:12\nRUN a\nFROM debian:12\nRUN b\n", []),
    ("FROM debian:12\nRUN a\nONBUILD RUN b\nONBUILD RUN c\n", []),
    ('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN a; b\nRUN c\n', []),
    ("FROM debian:12\nRUN true\n# hadolint ignore=DL3059\nRUN b\n", []),
    # must fire
    ("FROM debian:12\nRUN a\nRUN b\n", [(3, 1)]),
    ("FROM debian:12\nRUN a\nRUN b\nRUN c\n", [(3, 1), (4, 1)]),
    ("FROM debian:12\nRUN a\n# why\n\n  run b c d\n", [(5, 3)]),
    ("FROM debian:12\nRUN a\nRUN b && c && d\nRUN e\nRUN f\n", [(5, 1)]),
    ("FROM debian:12\nRUN [ -f x ] && b\nRUN FOO=1 c\n", [(3, 1)]),
    (
        "FROM debian:12\nRUN --mount=type=cache,target=/x --mount=type=cache,target=/y a\n"
        "RUN --mount=type=cache,target=/y --mount=type=cache,target=/x b\n",
        [(3, 1)],
    ),
    ('FROM debian:12\nRUN ["a", "b"]\nRUN <<EOF\nc\nEOF\n', [(3, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3059(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3059", text) == expected
