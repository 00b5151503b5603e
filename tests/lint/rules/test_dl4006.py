from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first command whose output is piped.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
    ('FROM debian:12\nSHELL ["/bin/bash", "-euxo", "pipefail", "-c"]\nRUN a | b\n', []),
    ('FROM alpine:3\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN a | b\n', []),
    ('FROM debian:12\nSHELL ["zsh", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
    ('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN a | b\n', []),
    ('FROM debian:12\nSHELL ["cmd", "/S", "/C"]\nRUN a | b\n', []),
    ("FROM debian:12\nRUN a || b\n", []),
    ('FROM debian:12\nRUN echo "a | b"\n', []),
    ("FROM debian:12\nONBUILD RUN a | b\n", []),
    ("FROM debian:12\n# hadolint ignore=DL4006\nRUN a | b\n", []),
    ('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nRUN c | d\n', []),
    ("FROM debian:12\nRUN a && b; c\n", []),
    # Deliberate: a stage built on an earlier one inherits its SHELL (hadolint resets it),
    # and `env bash` is bash.
    (
        'FROM debian:12 AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a\nRUN a | b\n',
        [],
    ),
    ('FROM debian:12\nSHELL ["/usr/bin/env", "bash", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
    # must fire
    ("FROM debian:12\nRUN a | b\n", [(2, 5)]),
    ('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN x && a | b\n', [(3, 10)]),
    ('FROM debian:12\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', [(3, 5)]),
    ("FROM debian:12\nRUN set -o pipefail && a |& b\n", [(2, 24)]),
    ("FROM debian:12\nRUN x=$(a | b)\n", [(2, 9)]),
    (
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:12\n'
        "RUN a | b\nRUN c \\\n  | d\n",
        [(4, 5), (5, 5)],
    ),
    ("FROM debian:12\nRUN <<EOF\na | b\nEOF\n", [(3, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl4006(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL4006", text) == expected
