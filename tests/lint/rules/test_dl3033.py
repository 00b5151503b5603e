from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1; unlike
# hadolint, devenv takes a local `.rpm` as pinned and skips the value of `--enablerepo`.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM centos:7\nRUN yum install -y httpd-2.4.6\n", []),
    ("FROM centos:7\nRUN yum install -y python3-3.6.8-18.el7\n", []),
    ("FROM centos:7\nRUN yum install -y ./local.rpm\n", []),
    ("FROM centos:7\nRUN yum module install -y nodejs:20\n", []),
    ("FROM centos:7\nRUN yum install -y --enablerepo epel jq-1.6\n", []),
    ("FROM centos:7\nRUN yum groupinstall -y tools\n", []),
    ("FROM centos:7\nRUN yum remove -y httpd\n", []),
    ("FROM centos:7\nRUN dnf install -y httpd\n", []),
    ("FROM centos:7\n# hadolint ignore=DL3033\nRUN yum install -y httpd\n", []),
    # must fire
    ("FROM centos:7\nRUN yum install -y httpd\n", [(2, 20)]),
    ("FROM centos:7\nRUN yum install -y httpd-2.4.6 epel-release\n", [(2, 32)]),
    ("FROM centos:7\nRUN yum install -y python3-pip\n", [(2, 20)]),
    ("FROM centos:7\nRUN yum module install -y nodejs\n", [(2, 27)]),
    ("FROM centos:7\nRUN yum install -y \\\n    x-1 \\\n    jq\n", [(4, 5)]),
    ("FROM centos:7\nONBUILD RUN yum install -y httpd\n", [(2, 28)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3033(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3033", text) == expected
