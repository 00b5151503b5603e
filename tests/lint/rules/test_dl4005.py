from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ('FROM debian:12\nSHELL ["/bin/bash", "-c"]\n', []),
    ("FROM debian:12\nRUN ln -s /usr/bin/python3 /usr/bin/python\n", []),
    ("FROM debian:12\nRUN ln -sf /dev/stdout /var/log/app.log\n", []),
    ("FROM debian:12\nRUN echo ln -s /bin/bash /bin/sh\n", []),
    ("FROM debian:12\nRUN ln -s /bin/shx /bin/y\n", []),
    ("FROM debian:12\n# hadolint ignore=DL4005\nRUN ln -sf /bin/bash /bin/sh\n", []),
    # must fire
    ("FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n", [(2, 22)]),
    ("FROM debian:12\nRUN set -e; ln -s -f bash /bin/sh\n", [(2, 27)]),
    ("FROM debian:12\nRUN true \\\n && ln -s /bin/sh /bin/x\n", [(3, 11)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl4005(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL4005", text) == expected
