from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `apt-get update`.
U = "apt-get update && apt-get install -y curl"
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (f"FROM debian:12\nRUN {U} && rm -rf /var/lib/apt/lists/*\n", []),
    (f"FROM debian:12\nRUN {U} \\\n    && rm -rf /tmp/* /var/lib/apt/lists/*\n", []),
    (f"FROM debian:12\nRUN {U}; rm -r /var/lib/apt/lists/*\n", []),
    (f'FROM debian:12\nRUN {U} && rm -rf "/var/lib/apt/lists/*"\n', []),
    ("FROM debian:12\nRUN apt-get install -y curl\n", []),
    (f"FROM debian:12 AS build\nRUN {U}\nFROM debian:12\nCOPY --from=build /x /x\n", []),
    (f"FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists {U}\n", []),
    (
        "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt "
        f"--mount=type=cache,target=/var/cache/apt {U}\n",
        [],
    ),
    (f"FROM debian:12\nRUN echo {U}\n", []),
    (f"FROM debian:12\n# hadolint ignore=DL3009\nRUN {U}\n", []),
    ("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=1\n", []),
    (
        "FROM debian:12\n"
        "RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update\n",
        [],
    ),
    ("FROM debian:12\nRUN apt-cache search update\n", []),
    ("FROM debian:12\nRUN apt-get upgrade -y\n", []),
    # Deliberate: hadolint wants `-rf` spelt so or exactly `/var/lib/apt/lists/*`.
    (f"FROM debian:12\nRUN {U} && rm -fr /var/lib/apt/lists\n", []),
    # must fire
    (f"FROM debian:12\nRUN {U}\n", [(2, 5)]),
    (f"FROM debian:12\nRUN {U} && apt-get clean\n", [(2, 5)]),
    ("FROM debian:12\nRUN set -eux; \\\n    apt-get -q update\n", [(3, 5)]),
    (f"FROM debian:12 AS build\nRUN {U}\nFROM build\nRUN echo\n", [(2, 5)]),
    (f"FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt {U}\n", [(2, 46)]),
    (f"FROM debian:12\nONBUILD RUN {U}\nFROM debian:12\n", [(2, 13)]),
    (f"FROM debian:12 AS a\nRUN echo\nFROM a AS a\nRUN {U}\nFROM debian:12\n", [(4, 5)]),
    ("FROM debian:12\nRUN apt update && apt install -y curl\n", [(2, 5)]),
    (f"FROM debian:12\nRUN {U} && rm /var/lib/apt/lists/x\n", [(2, 5)]),
    # issue 15 regressions, verdicts checked against hadolint 2.15.1
    (
        "FROM debian:12\n"
        "RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get "
        "install -y curl\n",
        [],
    ),
    (
        "FROM debian:12\nONBUILD RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
        [],
    ),
    (
        "FROM debian:12\nONBUILD RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update\n",
        [],
    ),
    ("FROM debian:12\nRUN --mount=type=bind,target=/var/lib/apt/lists apt-get update\n", [(2, 49)]),
    (
        "FROM debian:12\n"
        "RUN aptitude update && aptitude install -y curl && rm -rf /var/lib/apt/lists/*\n",
        [],
    ),
    ("FROM debian:12\nRUN aptitude install -y curl\n", []),
    ("FROM debian:12\nRUN aptitude update && aptitude install -y curl\n", [(2, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3009(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3009", text) == expected
