from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first `cd`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN make -C /tmp\n", []),
    ("FROM debian:12\nRUN echo cd\n", []),
    ("FROM debian:12\nRUN sh -c 'cd /tmp && make'\n", []),
    ("FROM debian:12\nRUN pushd /tmp\n", []),
    ("FROM debian:12\nONBUILD RUN cd /tmp\n", []),
    ("FROM debian:12\nWORKDIR /tmp\nRUN make\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3003\nRUN cd /tmp && make\n", []),
    ("FROM debian:12\nRUN git -C /src pull\n", []),
    ("FROM debian:12\nRUN echo $PWD\n", []),
    ("FROM debian:12\nRUN cdrecord --help\n", []),
    ("FROM debian:12\nRUN make -f /src/Makefile\n", []),
    # must fire
    ("FROM debian:12\nRUN cd /tmp && make\n", [(2, 5)]),
    ("FROM debian:12\nRUN (cd /tmp && make)\n", [(2, 6)]),
    ("FROM debian:12\nRUN x=$(cd /tmp && pwd)\n", [(2, 9)]),
    ('FROM debian:12\nRUN ["cd", "/tmp"]\n', [(2, 7)]),
    ("FROM debian:12\nRUN git clone x \\\n && cd x && make && cd .. && rm -rf x\n", [(3, 5)]),
    ("FROM debian:12\nRUN <<EOF\nset -e\ncd /tmp\nmake\nEOF\n", [(4, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3003(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3003", text) == expected
