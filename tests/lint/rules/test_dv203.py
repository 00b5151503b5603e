from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

APP = "services:\n  app:\n    image: app:1\n    environment:\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (APP + "      DB_PASSWORD_FILE: /run/secrets/db\n", []),
    (APP + "      API_TOKEN: ${API_TOKEN}\n", []),
    (APP + "      API_TOKEN:\n", []),
    (APP + "      - API_TOKEN\n      - SECRET_KEY=\n", []),
    (APP + "      TOKENIZERS_PARALLELISM: 'false'\n      LOG_LEVEL: debug\n", []),
    (APP + "      REQUIRE_TOKEN: true\n      TOKEN_URL: https://auth/token\n", []),
    (APP + "      GOOGLE_APPLICATION_CREDENTIALS: /run/secrets/gcp\n", []),
    (APP[:-17] + "    secrets: [db_password]\n", []),
    # must fire
    (APP + "      DB_PASSWORD: hunter2\n", [(5, 7)]),
    (APP + "      - LOG_LEVEL=info\n      - SECRET_KEY=abc123\n", [(6, 9)]),
    (
        APP + "      STRIPE_API_KEY: sk_live_123\n      PIN: 1234\n      dbPassword: 42\n",
        [(5, 7), (7, 7)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv203(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV203", text) == expected


CFG = "project: p\nservices:\n  app:\n    image: app:1\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CFG + "    environment: {DB_PASSWORD: hunter2}\n", [(5, 19)]),
        (CFG + "    environment: ['A=1', 'DB_PASSWORD=hunter2']\n", [(5, 26)]),
        (CFG + "    prod:\n      environment:\n        API_TOKEN: abc\n", [(7, 9)]),
        (
            CFG + "    environment: {DB_PASSWORD: x}\n    prod: {environment: {DB_PASSWORD: y}}\n",
            [(6, 26)],
        ),
        (CFG + "    environment: {DB_PASSWORD: '${DB_PASSWORD:-}'}\n", []),
        (CFG + '    environment: {DB_PASSWORD: "${DB_PASSWORD:-dev}"}\n', []),
        (CFG + "    environment: ['DB_PASSWORD=${PW}']\n", []),
        (CFG + "    dev:\n      environment: {DB_PASSWORD: devonly}\n", []),
        (CFG + "    environment: {DB_PASSWORD: hunter2}\nlint: {ignore: [DV203]}\n", []),
    ],
)
def test_dv203_on_the_config(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    assert config_positions(tmp_path, "DV203", config) == expected
