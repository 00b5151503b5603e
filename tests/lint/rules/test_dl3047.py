from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `wget`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN wget -q http://x\n", []),
    ("FROM debian:12\nRUN wget --progress=dot:giga http://x\n", []),
    ("FROM debian:12\nRUN wget -nv http://x\n", []),
    ("FROM debian:12\nRUN wget --no-verbose http://x\n", []),
    ("FROM debian:12\nRUN wget -o log http://x\n", []),
    ("FROM debian:12\nRUN wget -a log http://x\n", []),
    ("FROM debian:12\nRUN wget -qO- http://x | sh\n", []),
    ("FROM debian:12\nRUN wget --output-file=log http://x\n", []),
    ("FROM debian:12\nRUN apt-get install -y wget\n", []),
    ("FROM debian:12\nRUN curl -fsSLO http://x\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3047\nRUN wget http://x\n", []),
    # must fire
    ("FROM debian:12\nRUN wget http://x\n", [(2, 5)]),
    ("FROM debian:12\nRUN wget -O /x http://x\n", [(2, 5)]),
    ("FROM debian:12\nRUN wget --output-document=/x http://x\n", [(2, 5)]),
    ("FROM debian:12\nRUN set -e \\\n  && wget -nc http://x\n", [(3, 6)]),
    ("FROM debian:12\nONBUILD RUN wget -c http://x\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3047(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3047", text) == expected
