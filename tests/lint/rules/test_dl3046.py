from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1; unlike
# hadolint, devenv reads `--uid` and skips a variable UID (see the docstring).
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN useradd -u 1000 app\n", []),
    ("FROM debian:12\nRUN useradd -u 99999 app\n", []),
    ("FROM debian:12\nRUN useradd -l -u 1000000 app\n", []),
    ("FROM debian:12\nRUN useradd --no-log-init -u 1000000 app\n", []),
    ("FROM debian:12\nRUN useradd -r -m app\n", []),
    ('FROM debian:12\nRUN useradd -u "$UID" app\n', []),
    ("FROM debian:12\nRUN usermod -u 1000000 app\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3046\nRUN useradd -u 1000000 app\n", []),
    # must fire
    ("FROM debian:12\nRUN useradd -u 1000000 app\n", [(2, 16)]),
    ("FROM debian:12\nRUN groupadd g && useradd -r -ou 123456 -g g app\n", [(2, 34)]),
    ("FROM debian:12\nRUN useradd \\\n    -u 200000 app\n", [(3, 8)]),
    ("FROM debian:12\nRUN useradd --uid 200000 app\n", [(2, 19)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3046(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3046", text) == expected
