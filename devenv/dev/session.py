"""One `devenv up` (or `watch`) per project at a time (issue 16, item 1).

Two loops on one stack handle every edit twice and stop each other's containers, so the
first one holds an exclusive `flock` on `.devenv/session.lock` for as long as it runs and
writes who it is (pid, command, since when) into it. The kernel drops the lock when that
process dies, however it dies, so a record left by a dead process is simply taken over:
the lock, not the record, says whether a session runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, NamedTuple

from devenv.errors import DevenvError

LOCK_FILE = "session.lock"


class Holder(NamedTuple):
    """Who holds the session, as its record says."""

    pid: int
    command: str
    since: str


def parse_record(text: str) -> Holder | None:
    """The record a session wrote, or None when it is empty or unreadable (a session that
    died between taking the lock and writing, or an older devenv's file)."""
    try:
        data = json.loads(text)
        return Holder(int(data["pid"]), str(data["command"]), str(data["since"]))
    except (ValueError, KeyError, TypeError):
        return None


def busy_message(holder: Holder | None, command: str, folder: Path) -> str:
    """What a second `up`/`watch` says: which process runs the project's loop, and what to do."""
    if holder is None:
        who = "another devenv process"
    else:
        who = f"`devenv {holder.command}` (pid {holder.pid}, since {holder.since})"
    return (
        f"{who} already runs this project's dev loop ({folder}); `devenv {command}` would "
        "handle every edit a second time: use that terminal, or stop it (Ctrl-C there, or "
        f"`kill {holder.pid if holder else '<pid>'}`) and run `devenv {command}` again"
    )


def _record(command: str) -> str:
    since = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    return json.dumps({"pid": os.getpid(), "command": command, "since": since}) + "\n"


@contextlib.contextmanager
def hold(dev_dir: Path, command: str) -> Iterator[None]:
    """Hold the project's session for the block; a DevenvError (exit 2) naming the holder
    when another live process has it."""
    dev_dir.mkdir(parents=True, exist_ok=True)
    path = dev_dir / LOCK_FILE
    # Opened without truncating: the holder's record must survive the attempt.
    fh: IO[str] = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            raise DevenvError(
                busy_message(parse_record(fh.read()), command, dev_dir.parent)
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(_record(command))
        fh.flush()
        try:
            yield
        finally:
            # Emptied while still held: `status` and a later session never read a dead record.
            fh.seek(0)
            fh.truncate()
            fh.flush()
    finally:
        fh.close()
