from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app

CONFIG = "project: app\nservices:\n  web: {image: 'r:5000/a:1'}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "0"], "--timeout 0: give a number of seconds above 0"),
        (["--lock-wait", "-1"], "--lock-wait -1: give a number of seconds 0 or more"),
        (["--tag", "latest"], "production tags must be immutable"),
        (["--target", "k8s", "--tag", "v1"], "--target k8s: expected swarm or compose"),
    ],
)
def test_bad_arguments_exit_2(
    write_config: Callable[..., Path], args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["promote", "-c", str(write_config(CONFIG)), *args])
    assert result.exit_code == 2
    assert message in result.output
