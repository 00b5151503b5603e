from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app

CONFIG = """\
project: app
services:
  web:
    image: nginx:1.27.2
    ports: ["8080:80"]
    prod: {replicas: 3}
"""


def test_dev_against_prod_by_default(write_config: Callable[..., Path]) -> None:
    result = CliRunner().invoke(app, ["diff", "-c", str(write_config(CONFIG))])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == ["--- dev", "+++ prod", "web:"]
    assert "  replicas: 1  ->  3" in result.output
    assert "  ports: - 127.0.0.1:8080->80/tcp" in result.output


def test_prod_against_dev(write_config: Callable[..., Path]) -> None:
    result = CliRunner().invoke(app, ["diff", "prod", "dev", "-c", str(write_config(CONFIG))])
    assert result.exit_code == 0
    assert "  replicas: 3  ->  1" in result.output


@pytest.mark.parametrize("args", [["dev"], ["prod", "prod"], ["staging"], ["running", "dev"]])
def test_bad_choice(write_config: Callable[..., Path], args: list[str]) -> None:
    result = CliRunner().invoke(app, ["diff", *args, "-c", str(write_config(CONFIG))])
    assert result.exit_code == 2
    assert "expected `dev prod`, `prod dev` or `running`" in result.output
