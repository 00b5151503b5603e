"""`dev.process_restart`: the rendered supervisor, and the shell program itself run for real
(the host's `sh`; the engine test runs it in busybox's)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.composefile import dump
from devenv.config import load_config
from devenv.errors import DevenvError
from devenv.render import SUPERVISOR, SUPERVISOR_NAME, render_dev

BASE = "project: a\nservices:\n  web:\n    image: busybox:1.36\n"


@pytest.mark.parametrize(
    ("keys", "argv"),
    [
        ("    command: [httpd, -f]\n", ["httpd", "-f"]),
        ("    command: httpd -f -h '/srv/my www'\n", ["httpd", "-f", "-h", "/srv/my www"]),
        ("    command: [a]\n    dev: {command: [b, c]}\n", ["b", "c"]),
        ("    command: [x]\n    dev: {entrypoint: [tini, --]}\n", ["tini", "--", "x"]),
        ("    entrypoint: run.sh\n    command: [x]\n", ["run.sh", "x"]),
    ],
)
def test_the_command_runs_under_the_supervisor(
    write_config: Callable[..., Path], keys: str, argv: list[str]
) -> None:
    text = BASE + keys
    if "dev:" in keys:
        text = text.replace("dev: {", "dev: {process_restart: true, ")
    else:
        text += "    dev: {process_restart: true}\n"
    cfg = load_config(write_config(text), env={})
    web = render_dev(cfg, cfg.root)["services"]["web"]
    assert web["entrypoint"] == ["sh", "-c", SUPERVISOR, SUPERVISOR_NAME]
    assert web["command"] == argv
    assert web["init"] is True  # tini passes the engine's SIGHUP on to the shell
    assert "$$child" in dump({"services": {"web": web}})  # not interpolated by Compose


def test_without_it_nothing_is_wrapped(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config(BASE + "    command: [httpd]\n"), env={})
    web = render_dev(cfg, cfg.root)["services"]["web"]
    assert web["command"] == ["httpd"]
    assert "entrypoint" not in web


def test_a_process_restart_needs_the_command_in_the_config(
    write_config: Callable[..., Path],
) -> None:
    path = write_config(BASE + "    dev:\n      process_restart: true\n")
    with pytest.raises(DevenvError, match=r":6:24: services\.web\.dev\.process_restart: a pro"):
        load_config(path, env={})


def _supervised(tmp_path: Path, script: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["sh", "-c", SUPERVISOR, SUPERVISOR_NAME, "sh", "-c", script],
        cwd=tmp_path,
        text=True,
    )


def _lines(path: Path, count: int) -> list[str]:
    deadline = time.monotonic() + 10
    while True:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= count:
            return lines
        assert time.monotonic() < deadline, f"only {lines}"
        time.sleep(0.01)


def test_sighup_starts_the_command_again_and_term_stops_it(tmp_path: Path) -> None:
    log = tmp_path / "runs"
    proc = _supervised(tmp_path, f"echo $$ >> {log}; exec sleep 600")
    try:
        (first,) = _lines(log, 1)
        for runs in (2, 3):  # twice: the trap is set again for each run
            proc.send_signal(signal.SIGHUP)
            lines = _lines(log, runs)
            assert len(set(lines)) == runs  # a new process each time
            with pytest.raises(ProcessLookupError):
                os.kill(int(lines[-2]), 0)  # the old one is gone
        assert proc.poll() is None  # the supervisor itself stayed
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 143  # sleep's exit on TERM, passed on
        with pytest.raises(ProcessLookupError):
            os.kill(int(_lines(log, 3)[-1]), 0)
    finally:
        proc.kill()
        proc.wait()
    assert first


def test_a_command_that_exits_by_itself_ends_the_supervisor_with_its_code(
    tmp_path: Path,
) -> None:
    proc = _supervised(tmp_path, f"echo bye > {tmp_path / 'said'}; exit 3")
    assert proc.wait(timeout=10) == 3
    assert (tmp_path / "said").read_text() == "bye\n"  # it ran once, was not started again
