from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nARG NPM_TOKEN\n", []),
    ("FROM debian:12\nENV DB_PASSWORD_FILE=/run/secrets/db_password\n", []),
    ("FROM debian:12\nENV DB_PASSWORD=\n", []),
    ('FROM debian:12\nENV DB_PASSWORD=""\n', []),
    ("FROM debian:12\nARG TOKEN\nENV TOKEN=${TOKEN}\n", []),
    ("FROM debian:12\nENV API_KEY=$API_KEY\n", []),
    ("FROM debian:12\nENV TOKENIZERS_PARALLELISM=false\n", []),
    ("FROM debian:12\nENV SECRETARY=alice PASSWORD_MIN_LENGTH=12\n", []),
    ("FROM debian:12\nENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json\n", []),
    ("FROM debian:12\nENV USE_TOKEN=true\n", []),
    ("FROM debian:12\nLABEL secret=yes\nRUN TOKEN=x make\n", []),
    ("FROM debian:12\n# devenv ignore=DV104\nENV DB_PASSWORD=hunter2\n", []),
    ("FROM debian:12\n# hadolint ignore=DV104\nARG API_KEY=abc\n", []),
    # must fire
    ("FROM debian:12\nENV DB_PASSWORD=hunter2\n", [(2, 5)]),
    ("FROM debian:12\nENV A=1 \\\n    POSTGRES_PASSWORD='s3cret'\n", [(3, 5)]),
    ("FROM debian:12\nENV A_TOKEN=x TOKEN=y\n", [(2, 5), (2, 15)]),
    ("FROM debian:12\nENV SECRET_KEY s3cret value\n", [(2, 5)]),
    ("ARG GITHUB_TOKEN=ghp_123\nFROM debian:12\n", [(1, 5)]),
    ("FROM debian:12\nARG  dbPassword=changeme\n", [(2, 6)]),
    ('FROM debian:12\nENV AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI"\n', [(2, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv104(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV104", text) == expected
