from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# Unlike hadolint, devenv reads old-style `tar xf` (last case) and reports in every stage.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nADD vendor.tar.gz /opt/\n", []),
    ("FROM debian:12\nCOPY vendor.tar.gz /tmp/\n", []),
    ("FROM debian:12\nCOPY vendor.tar.gz /tmp/\nRUN tar -tzf /tmp/vendor.tar.gz\n", []),
    ("FROM debian:12\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n", []),
    (
        "FROM debian:12 AS b\nFROM debian:12\nCOPY --from=b /a.tar /tmp/\nRUN tar -xf /tmp/a.tar\n",
        [],
    ),
    ("FROM debian:12\nCOPY a.tar /tmp/\nFROM debian:12\nRUN tar -xf /tmp/a.tar\n", []),
    ("FROM debian:12\nRUN tar -xf /tmp/a.tar\nCOPY a.tar /tmp/\n", []),
    ("FROM debian:12\nCOPY a.tar /tmp/\nRUN tar -xf /tmp/b.tar\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3010\nCOPY a.tar /tmp/\nRUN tar -xf /tmp/a.tar\n", []),
    # must fire
    (
        "FROM debian:12\nCOPY vendor.tar.gz /tmp/\nRUN tar -xzf /tmp/vendor.tar.gz -C /opt\n",
        [(2, 1)],
    ),
    ("FROM debian:12\nCOPY a.txt b.txz /tmp/\nRUN tar -C /opt --extract -f /tmp/b.txz\n", [(2, 1)]),
    ("FROM debian:12\nCOPY src.tgz /tmp/x.tar.gz\nRUN cd /tmp && gunzip x.tar.gz\n", [(2, 1)]),
    (
        "FROM debian:12 AS a\nCOPY a.tar /tmp/\nRUN tar -xf /tmp/a.tar\nFROM debian:12\n",
        [(2, 1)],
    ),
    (
        "FROM debian:12\nCOPY a.tar /tmp/\nCOPY a.tar /tmp/\nRUN tar -xf /tmp/a.tar\n",
        [(2, 1), (3, 1)],
    ),
    ("FROM debian:12\n  COPY a.tar /tmp/\nRUN echo \\\n && tar xf /tmp/a.tar\n", [(2, 3)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3010(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3010", text) == expected
