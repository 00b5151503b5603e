from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n", []),
    ("FROM centos:7\nRUN yum install -y httpd-2.4.6 \\\n && yum -q clean all\n", []),
    ("FROM centos:7\nRUN yum install -y x-1 && rm -rf /var/cache/yum\n", []),
    ("FROM centos:7\nRUN yum install -y x-1; rm /var/cache/yum/*\n", []),
    ("FROM centos:7\nRUN yum makecache\n", []),
    ("FROM centos:7\nRUN yum install -y x-1 && yum clean packages\n", []),
    ("FROM centos:7\nRUN yum upgrade -y\n", []),
    ("FROM centos:7\nRUN yum groupinstall -y tools\n", []),
    ("FROM centos:7\nRUN dnf install -y x-1\n", []),
    ("FROM centos:7\nRUN echo yum install x\n", []),
    ("FROM centos:7\n# hadolint ignore=DL3032\nRUN yum install -y x-1\n", []),
    # must fire
    ("FROM centos:7\nRUN yum install -y httpd-2.4.6\n", [(2, 5)]),
    ("FROM centos:7\nRUN yum clean all && yum install -y x-1\n", [(2, 22)]),
    ("FROM centos:7\nRUN yum install -y x-1 && rm -fr /var/cache/yum\n", [(2, 5)]),
    ("FROM centos:7\nRUN true \\\n  && yum install -y x-1\n", [(3, 6)]),
    ("FROM centos:7\nONBUILD RUN yum install -y x-1\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3032(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3032", text) == expected
