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
from collections.abc import Mapping, Sequence
from pathlib import Path

from devenv.engine import CLI_INSTALL
from devenv.errors import DevenvError

#: What one `docker compose config` may take by default: a big project reads in a second.
DEFAULT_TIMEOUT = 120.0
LONGER = "or give `devenv import --timeout SECONDS` to wait longer"


class CLITimeout(DevenvError):
    """The docker CLI did not answer in time: not a reason to try another reading."""


def run(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    longer: str = LONGER,
) -> subprocess.CompletedProcess[str]:
    """Run `argv`, its output captured; a CLITimeout (exit 2) when it outlives `timeout`."""
    try:
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=None if env is None else dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        raise DevenvError(f"the docker CLI {argv[0]} does not run ({exc}): {CLI_INSTALL}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise CLITimeout(
            f"`{shlex.join(argv)}` did not finish within {timeout:g} s and was stopped: "
            "check that the docker CLI and its engine answer (`docker compose version`)"
            + (f", {longer}" if longer else "")
        ) from None
    except BaseException:  # Ctrl-C: leave nothing behind
        _kill(proc)
        raise
    return subprocess.CompletedProcess(list(argv), proc.returncode, out, err)


def _kill(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # a child that left the group may still hold the pipes: do not wait for their end
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
