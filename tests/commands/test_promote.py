from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.commands import promote as cmd
from devenv.errors import DevenvError

CONFIG = "project: app\nservices:\n  web: {image: 'r:5000/a:1'}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "0"], "--timeout 0: give a number of seconds above 0"),
        (["--lock-wait", "-1"], "--lock-wait -1: give a number of seconds, 0 or more"),
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


def test_yes_answers_and_a_pipe_must_say_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cmd.confirmer(True)("Promote?")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(DevenvError, match="Not a terminal: pass --yes"):
        cmd.confirmer(False)("Promote?")


def test_sigterm_unwinds_like_ctrl_c() -> None:
    import os

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), cmd.term_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) is before
