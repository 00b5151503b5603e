"""The deploy lock: one promote or rollback at a time per stack (issue 6, "Deploy").

The lock is an object created exclusively on the target (a Swarm config, or a file for
`--target compose`): creation either succeeds or finds the holder, who is named in the
object. A second deploy waits up to a bound, then fails naming the holder. A holder on this
host whose process is gone (killed mid-deploy) is stale and taken over; any other stale
lock is broken explicitly with `--break-lock`.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Protocol

from devenv.errors import EXIT_FAILED, DevenvError

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Holder:
    who: str
    host: str
    pid: int
    since: str
    what: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def describe(self) -> str:
        return f"{self.who} ({self.what}, pid {self.pid} on {self.host}) since {self.since}"


def me(what: str) -> Holder:
    import getpass

    host = socket.gethostname()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Holder(f"{user}@{host}", host, os.getpid(), now, what)


def parse(text: str | None) -> Holder | None:
    if text is None:
        return None
    try:
        return Holder(**json.loads(text))
    except (ValueError, TypeError):
        return Holder("unknown", "?", 0, "?", f"unreadable lock {text[:40]!r}")


class LockBackend(Protocol):
    def create(self, data: str) -> bool:
        """Create the lock object holding `data`; False when it exists already."""
        ...

    def read(self) -> str | None: ...

    def remove(self) -> None: ...


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def is_stale(holder: Holder, host: str, alive: Callable[[int], bool] = pid_alive) -> bool:
    """Only a holder on this host can be proved dead; elsewhere a person must decide."""
    return holder.host == host and holder.pid > 0 and not alive(holder.pid)


@dataclass
class Lock:
    backend: LockBackend
    name: str
    say: Callable[[str], None] = print
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    alive: Callable[[int], bool] = pid_alive

    def acquire(self, holder: Holder, *, wait: float, break_lock: bool = False) -> None:
        if break_lock:
            old = parse(self.backend.read())
            if old is not None:
                self.say(f"lock: breaking the lock on {self.name} held by {old.describe()}")
                self.backend.remove()
        deadline = self.clock() + wait
        told = False
        while not self.backend.create(holder.to_json()):
            other = parse(self.backend.read())
            if other is None:  # released between our create and read
                continue
            if is_stale(other, holder.host, self.alive):
                self.say(f"lock: taking over from {other.describe()}: that process is gone")
                self.backend.remove()
                continue
            if self.clock() >= deadline:
                raise DevenvError(
                    f"{self.name} is locked by {other.describe()}: another deploy is running. "
                    "Wait for it (--lock-wait SECONDS), or if it is dead, rerun with --break-lock",
                    exit_code=EXIT_FAILED,
                )
            if not told:
                self.say(f"lock: waiting up to {wait:g}s for {other.describe()}")
                told = True
            self.sleep(POLL_SECONDS)

    def release(self, holder: Holder) -> None:
        # Never remove a lock that someone broke and took while we ran.
        if parse(self.backend.read()) == holder:
            self.backend.remove()
