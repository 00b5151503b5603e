"""DL3058.
Verdicts checked against hadolint 2.15.1 with the label schema of
tests/lint/rules/labels.py (hadolint reports column 1; devenv the label's key)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule
from tests.lint.rules.labels import OPTIONS

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nLABEL maintainer=ops@example.com\n", []),
    ('FROM debian:12\nLABEL maintainer="first.last+docker@mail.example.co.uk"\n', []),
    ("FROM debian:12\nLABEL maintainer=ops@localhost\n", []),
    ('FROM debian:12\nLABEL org.opencontainers.image.authors="Ops <ops@example.com>"\n', []),
    ('FROM debian:12\nONBUILD LABEL maintainer="Ops <ops@example.com>"\n', []),
    ("FROM debian:12\nLABEL org.opencontainers.image.title=ops\n", []),
    ('FROM debian:12\n# hadolint ignore=DL3058\nLABEL maintainer="Ops <ops@example.com>"\n', []),
    ('FROM debian:12\nLABEL maintainer="ops@[192.0.2.10]"\n', []),
    # must fire
    ('FROM debian:12\nLABEL maintainer="Ops <ops@example.com>"\n', [(2, 7)]),
    ("FROM debian:12\nLABEL maintainer=ops.example.com\n", [(2, 7)]),
    ("FROM debian:12\nLABEL maintainer=ops@-example.com\n", [(2, 7)]),
    ("FROM debian:12\nLABEL a=b \\\n  maintainer=first..last@example.com\n", [(3, 3)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3058(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3058", text, options=OPTIONS) == expected
