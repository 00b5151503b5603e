from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n", []),
    ("FROM fedora:40\nRUN dnf install -y x-1 \\\n && rm -rf /var/cache/dnf\n", []),
    ("FROM ubi9-minimal:9.4\nRUN microdnf install -y x-1 && microdnf clean all\n", []),
    ("FROM fedora:40\nRUN dnf makecache\n", []),
    ("FROM fedora:40\nRUN dnf update -y && dnf remove -y x\n", []),
    ("FROM fedora:40\nRUN dnf upgrade -y && dnf clean metadata\n", []),
    ("FROM fedora:40\nRUN yum install -y x-1\n", []),
    ("FROM fedora:40\nRUN echo dnf install x\n", []),
    ("FROM fedora:40\n# hadolint ignore=DL3040\nRUN dnf install -y x-1\n", []),
    # must fire
    ("FROM fedora:40\nRUN dnf install -y httpd-2.4.62\n", [(2, 5)]),
    ("FROM fedora:40\nRUN dnf clean all && dnf install -y x-1\n", [(2, 22)]),
    ("FROM fedora:40\nRUN dnf install -y x-1 && rm /var/cache/dnf/*\n", [(2, 5)]),
    ("FROM fedora:40\nRUN dnf install -y x-1 && microdnf clean all\n", [(2, 5)]),
    ("FROM ubi9-minimal:9.4\nRUN true && \\\n  microdnf install -y x-1\n", [(3, 3)]),
    ("FROM fedora:40\nRUN dnf -y upgrade --refresh\n", [(2, 5)]),
    ("FROM fedora:40\nRUN dnf reinstall -y x-1\n", [(2, 5)]),
    ("FROM fedora:40\nONBUILD RUN dnf install -y x-1\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3040(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3040", text) == expected
