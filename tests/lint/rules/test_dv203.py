from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from devenv.lint.subjects import Env
    from tests.lint.rules.conftest import CheckRule, RuleFindings

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


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        (APP + "      DB_PASSWORD_FILE: /run/secrets/db\n", "dev", []),
        (APP + "      - API_TOKEN\n", "dev", []),
        (APP + "      DB_PASSWORD: hunter2  # devenv ignore=DV203\n", "dev", []),
        (APP[:-17] + "    environment:  # devenv ignore=DV203\n      - PASSWORD=x\n", "prod", []),
        (APP + "      POSTGRES_PASSWORD: gitea\n", "dev", [(5, 7)]),
        (APP + "      - POSTGRES_PASSWORD=gitea\n", "dev", [(5, 9)]),
        (APP + "      - POSTGRES_PASSWORD=gitea\n", "prod", [(5, 9)]),
    ],
)
def test_dv203_in_dev_and_prod(
    check_rule: CheckRule, text: str, env: Env, expected: list[tuple[int, int]]
) -> None:
    assert check_rule("DV203", text, env=env) == expected


ENV_FILE = "services:\n  app:\n    image: app:1\n    env_file: "
ENV = (
    "# settings\nLOG_LEVEL=debug\nAPI_TOKEN=\nDB_PASSWORD_FILE=/run/secrets/db\n"
    "export SECRET_KEY='abc123'\nTOKEN=${FROM_SHELL}\nDB_PASSWORD=hunter2 # local\n"
)


@pytest.mark.parametrize(
    ("compose", "expected"),
    [
        (ENV_FILE + "[app.env]\n", [("app.env", 5), ("app.env", 7)]),
        (ENV_FILE + "app.env\n", [("app.env", 5), ("app.env", 7)]),
        (ENV_FILE + "[{path: app.env, required: false}]\n", [("app.env", 5), ("app.env", 7)]),
        (ENV_FILE + "[missing.env]\n", []),
        (ENV_FILE + "['${ENV_FILE}']\n", []),
        (ENV_FILE + "[clean.env]\n", []),
    ],
)
@pytest.mark.parametrize("env", ["dev", "prod"])
def test_dv203_reads_env_files(
    rule_findings: RuleFindings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    compose: str,
    env: Env,
    expected: list[tuple[str, int]],
) -> None:
    monkeypatch.chdir(tmp_path)
    files = {"app.env": ENV, "clean.env": "LOG_LEVEL=info\nAPI_TOKEN=\n"}
    found = rule_findings("DV203", compose, files=files, env=env)
    assert [(Path(f.file).name, f.line) for f in found] == expected
