from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the --from flag.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12 AS build\nFROM debian:12 AS other\nCOPY --from=build /a /b\n", []),
    ("FROM debian:12 AS build\nONBUILD COPY --from=build /a /b\n", []),
    ("COPY --from=build /a /b\nFROM debian:12 AS build\n", []),
    ("FROM debian:12 AS build\nCOPY /a /b\n", []),
    ("FROM debian:12\nFROM debian:12\nCOPY --from=0 /a /b\n", []),
    ("FROM debian:12 AS build\n# hadolint ignore=DL3023\nCOPY --from=build /a /b\n", []),
    ("FROM debian:12 AS a\nFROM debian:12 AS b\nCOPY --from=a /x /x\n", []),
    # must fire
    ("FROM debian:12 AS build\nCOPY --from=build /a /b\n", [(2, 6)]),
    ("FROM debian:12 AS build\nRUN x\nCOPY --chown=1 --from=build /a /b\n", [(3, 16)]),
    # Deliberate: a stage's own index, or its name in another case, is the same stage
    # to Docker; hadolint compares the name only, as written.
    ("FROM debian:12 AS Build\nCOPY --from=build /a /b\n", [(2, 6)]),
    ("FROM debian:12\nCOPY --from=0 /a /b\n", [(2, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3023(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3023", text) == expected
