from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first source that is not an archive or a URL.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nADD a.tar.gz /x\n", []),
    ("FROM debian:12\nADD https://example.com/a /x\n", []),
    ("FROM debian:12\nADD http://example.com/a /x\n", []),
    ('FROM debian:12\nADD ["a.tar", "/x"]\n', []),
    ('FROM debian:12\nADD "a.tar.gz" /x\n', []),
    ("FROM debian:12\nADD a.tgz b.tar.xz c.txz d.tar.bz2 e.tbz2 f.tar.Z g.tlz /x/\n", []),
    ("FROM debian:12\nADD https://github.com/x/y.git#v1 /x\n", []),
    ("FROM debian:12\nONBUILD ADD a /x\n", []),
    ("FROM debian:12\nCOPY a /x\n", []),
    ("FROM debian:12\n# hadolint ignore=DL3020\nADD a /x\n", []),
    ("FROM debian:12\nADD --checksum=sha256:abc https://x/y /y\n", []),
    ("FROM debian:12\nADD app.tar.xz /opt\n", []),
    # Deliberate: hadolint takes only http(s) URLs as remote; ADD also clones git repos.
    ("FROM debian:12\nADD git@github.com:x/y.git /x\n", []),
    # must fire
    ("FROM debian:12\nADD a /x\n", [(2, 5)]),
    ("FROM debian:12\nADD --chown=1:1 . /x\n", [(2, 17)]),
    ("FROM debian:12\nADD a.tar.gz b /x/\n", [(2, 14)]),
    ('FROM debian:12\nADD ["a", "/x"]\n', [(2, 7)]),
    ("FROM debian:12\nADD a.zip /x\n", [(2, 5)]),
    ("FROM debian:12\nADD ftp://x/a /x\n", [(2, 5)]),
    ("FROM debian:12\nADD \\\n    a.whl /x\n", [(3, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3020(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3020", text) == expected
