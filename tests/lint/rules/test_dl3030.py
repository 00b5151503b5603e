from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1; unlike
# hadolint, devenv also knows `/usr/bin/yum` for yum.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM centos:7\nRUN yum install -y httpd-2.4.6\n", []),
    ("FROM centos:7\nRUN yum -y install httpd-2.4.6\n", []),
    ("FROM centos:7\nRUN yum install --assumeyes httpd-2.4.6\n", []),
    ("FROM centos:7\nRUN yum -qy localinstall ./x.rpm\n", []),
    ("FROM centos:7\nRUN yum update -y && yum makecache\n", []),
    ("FROM centos:7\nRUN yum clean all\n", []),
    ("FROM centos:7\nRUN echo yum install httpd\n", []),
    ("FROM centos:7\n# hadolint ignore=DL3030\nRUN yum install httpd-2.4.6\n", []),
    ("FROM centos:7\nCMD yum install httpd\n", []),
    # must fire
    ("FROM centos:7\nRUN yum install httpd-2.4.6\n", [(2, 5)]),
    ("FROM centos:7\nRUN yum clean all && yum groupinstall tools\n", [(2, 22)]),
    ("FROM centos:7\nRUN set -e \\\n  && /usr/bin/yum -q install x-1\n", [(3, 6)]),
    ("FROM centos:7\nONBUILD RUN yum install x-1\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3030(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3030", text) == expected
