from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1; unlike
# hadolint, devenv takes a local `.rpm` as pinned and skips the value of `--enablerepo`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM fedora:40\nRUN dnf install -y httpd-2.4.62\n", []),
    ("FROM fedora:40\nRUN dnf install -y python3-3.12.7-1.fc40\n", []),
    ("FROM fedora:40\nRUN dnf install -y ./local.rpm\n", []),
    ("FROM fedora:40\nRUN dnf module install -y nodejs:20\n", []),
    ("FROM fedora:40\nRUN dnf group install -y development-tools\n", []),
    ("FROM fedora:40\nRUN dnf install -y --setopt=tsflags=nodocs jq-1.7.1\n", []),
    ("FROM ubi9-minimal:9.4\nRUN microdnf install -y jq-1.6\n", []),
    ("FROM fedora:40\nRUN dnf remove -y httpd\n", []),
    ("FROM fedora:40\n# hadolint ignore=DL3041\nRUN dnf install -y httpd\n", []),
    # must fire
    ("FROM fedora:40\nRUN dnf install -y httpd\n", [(2, 20)]),
    ("FROM fedora:40\nRUN dnf install -y jq-1.7 python3-pip\n", [(2, 27)]),
    ("FROM ubi9-minimal:9.4\nRUN microdnf install -y jq\n", [(2, 25)]),
    ("FROM fedora:40\nRUN dnf module install -y nodejs\n", [(2, 27)]),
    ("FROM fedora:40\nRUN dnf install -y \\\n    tar\n", [(3, 5)]),
    ("FROM fedora:40\nONBUILD RUN dnf install -y httpd\n", [(2, 28)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3041(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3041", text) == expected
