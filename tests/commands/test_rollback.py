from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from devenv.cli import app

CONFIG = "project: app\nservices:\n  web: {image: 'r:5000/a:1'}\n"


def test_bad_timeout(write_config: Callable[..., Path]) -> None:
    args = ["rollback", "-c", str(write_config(CONFIG)), "--timeout", "-5"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "--timeout -5: give a number of seconds above 0" in result.output


def test_help_names_the_choices() -> None:
    result = CliRunner().invoke(app, ["rollback", "--help"])
    assert result.exit_code == 0
    assert "N|TAG" in result.output
