"""The docker CLI as the import and its round trip run it: bounded in time, and a hung one
ended with everything it started.

`docker compose` is a plugin the docker CLI starts as a child of its own: killing the CLI
alone would leave the plugin running (and holding the pipes open). Each run is therefore a
session of its own, and a timeout kills the whole process group.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from devenv.engine import CLI_INSTALL
from devenv.errors import DevenvError

#: What one `docker compose config` may take by default: a big project reads in a second.
DEFAULT_TIMEOUT = 120.0
LONGER = "or give `devenv import --timeout SECONDS` to wait longer"


class CLITimeout(DevenvError):
    """The docker CLI did not answer in time: not a reason to try another reading."""


class Running:
    """A docker CLI started now, its output read by a thread of its own: several run at
    once, and the caller does its own work meanwhile (`devenv import` reads both sides
    with Compose while it imports the converter)."""

    def __init__(
        self,
        argv: Sequence[str],
        cwd: Path | None,
        env: Mapping[str, str] | None,
        timeout: float,
        longer: str,
    ) -> None:
        self.argv = list(argv)
        self._timeout, self._longer = timeout, longer
        self._out: subprocess.CompletedProcess[str] | None = None
        self._error: BaseException | None = None
        try:
            self._proc = subprocess.Popen(
                self.argv,
                cwd=cwd,
                env=None if env is None else dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        except OSError as exc:
            raise DevenvError(
                f"the docker CLI {self.argv[0]} does not run ({exc}): {CLI_INSTALL}"
            ) from None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            out, err = self._proc.communicate(timeout=self._timeout)
        except subprocess.TimeoutExpired:
            _kill(self._proc)
            self._error = CLITimeout(
                f"`{shlex.join(self.argv)}` did not finish within {self._timeout:g} s and was "
                "stopped: check that the docker CLI and its engine answer "
                "(`docker compose version`)" + (f", {self._longer}" if self._longer else "")
            )
            return
        except BaseException as exc:  # never lost in the thread: result() raises it
            _kill(self._proc)
            self._error = exc
            return
        self._out = subprocess.CompletedProcess(self.argv, self._proc.returncode, out, err)

    def result(self) -> subprocess.CompletedProcess[str]:
        """Its exit code and output, once it ends; a CLITimeout if it outlived the timeout."""
        try:
            self._reader.join()
        except BaseException:  # Ctrl-C while waiting: leave nothing behind
            self.stop()
            raise
        if self._error is not None:
            raise self._error
        assert self._out is not None
        return self._out

    def stop(self) -> None:
        """End it now: its answer is no longer wanted."""
        if self._proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, signal.SIGKILL)


def start(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    longer: str = LONGER,
) -> Running:
    """Start `argv` now, its output captured; `.result()` waits for it."""
    return Running(argv, cwd, env, timeout, longer)


def run(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    longer: str = LONGER,
) -> subprocess.CompletedProcess[str]:
    """Run `argv`, its output captured; a CLITimeout (exit 2) when it outlives `timeout`."""
    return start(argv, cwd=cwd, env=env, timeout=timeout, longer=longer).result()


def _kill(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # a child that left the group may still hold the pipes: do not wait for their end
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
