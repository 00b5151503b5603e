from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM fedora:40\nRUN dnf install -y httpd-2.4.62\n", []),
    ("FROM fedora:40\nRUN dnf -y install httpd-2.4.62\n", []),
    ("FROM fedora:40\nRUN dnf install --assumeyes httpd-2.4.62\n", []),
    ("FROM ubi9-minimal:9.4\nRUN microdnf install -y httpd-2.4.62\n", []),
    ("FROM fedora:40\nRUN dnf upgrade --refresh && dnf makecache\n", []),
    ("FROM fedora:40\nRUN yum install -y x-1\n", []),
    ("FROM fedora:40\nRUN echo dnf install x\n", []),
    ("FROM fedora:40\n# hadolint ignore=DL3038\nRUN dnf install httpd-2.4.62\n", []),
    # must fire
    ("FROM fedora:40\nRUN dnf install httpd-2.4.62\n", [(2, 5)]),
    ("FROM ubi9-minimal:9.4\nRUN microdnf --nodocs install httpd\n", [(2, 5)]),
    ("FROM fedora:40\nRUN true && \\\n    dnf -q groupinstall tools\n", [(3, 5)]),
    ("FROM fedora:40\nONBUILD RUN dnf localinstall ./x.rpm\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3038(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3038", text) == expected
