"""The deploy lock: one promote or rollback at a time per stack (issue 6, "Deploy"; issue 14
item 7).

The lock is a chain of create-only objects on the target (Swarm configs, or files for
`--target compose`) numbered by a generation: `devenv-lock-<stack>.<N>`. Creating an object
whose name exists fails atomically on both targets, and that is the only test-and-set used:
nothing is ever read, checked, removed and then created.

- The highest generation present (the *top*) says who holds the lock: a holder record, or
  a free marker.
- To acquire, read the top N; if it is free, or its holder is provably gone (stale), or the
  user said `--break-lock`, create N+1 holding our record. Of all contenders that read N, at
  most one creates N+1; the others look again and find a live holder.
- To release, create N+1 as a free marker; if that exists, someone broke our lock and holds
  it now, and theirs is left alone.
- Generations below the top are removed by whoever has just taken the top, so a stack keeps
  one or two objects.

Why two contenders never hold it at once: an object is removed only while a higher one
exists, so the top is never removed and the top generation never decreases. A contender
with an out-of-date view may recreate a removed, lower name; so after creating N+1 it lists
again and gives up (removing its object, which is not the top) if anything higher exists.
If nothing does, N+1 was the top from its creation until that list; the top can only grow
past N+1 by someone reading N+1 as the top and creating N+2, which they do only when N+1 is
free, stale or broken. Holding is therefore exclusive except by `--break-lock` or a holder
wrongly judged dead, which `is_stale` allows only for a process on this host that is gone.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from devenv.errors import EXIT_FAILED, DevenvError

POLL_SECONDS = 0.5
FREE = json.dumps({"free": True})


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
    """The holder a lock object names; None for a free marker or no object."""
    if text is None:
        return None
    try:
        data = json.loads(text)
        if isinstance(data, dict) and data.get("free") is True:
            return None
        return Holder(**data)
    except (ValueError, TypeError):
        # Unreadable: treated as held by someone unknown, never as free or stale.
        return Holder("unknown", "?", 0, "?", f"unreadable lock {text[:40]!r}")


class LockBackend(Protocol):
    def generations(self) -> dict[int, str]:
        """Every lock object of the stack: its generation and what it holds."""
        ...

    def create(self, generation: int, data: str) -> bool:
        """Create the object of `generation` holding `data`; False when it exists already."""
        ...

    def remove(self, generation: int) -> None:
        """Remove the object of `generation`; one already gone is fine."""
        ...


def top(generations: Mapping[int, str]) -> tuple[int, Holder | None]:
    """The highest generation and its holder (None when free); 0 when there is none."""
    if not generations:
        return 0, None
    n = max(generations)
    return n, parse(generations[n])


def holder_of(backend: LockBackend) -> Holder | None:
    """Who holds the lock now, or None."""
    return top(backend.generations())[1]


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
    poll: float = POLL_SECONDS
    generation: int | None = field(default=None, init=False)

    def acquire(self, holder: Holder, *, wait: float, break_lock: bool = False) -> None:
        deadline = self.clock() + wait
        told = False
        while True:
            n, other = top(self.backend.generations())
            news = ""
            if other is not None:
                if break_lock:
                    news = f"lock: broke the lock on {self.name} held by {other.describe()}"
                elif is_stale(other, holder.host, self.alive):
                    news = f"lock: took over from {other.describe()}: that process is gone"
                else:
                    self._wait(other, wait, deadline, told)
                    told = True
                    continue
            # --break-lock breaks the holder seen first; one who takes it meanwhile is waited for.
            break_lock = False
            if self._claim(n + 1, holder.to_json()):
                self.generation = n + 1
                if news:
                    self.say(news)  # said once won: of those who saw it stale, one took it
                return

    def _wait(self, other: Holder, wait: float, deadline: float, told: bool) -> None:
        if self.clock() >= deadline:
            raise DevenvError(
                f"{self.name} is locked by {other.describe()}: another deploy is running. "
                "Wait for it (--lock-wait SECONDS), or if it is dead, rerun with --break-lock",
                exit_code=EXIT_FAILED,
            )
        if not told:
            self.say(f"lock: waiting up to {wait:g}s for {other.describe()}")
        self.sleep(self.poll)

    def _claim(self, generation: int, data: str) -> bool:
        if not self.backend.create(generation, data):
            return False  # another contender read the same top and was first
        now = self.backend.generations()
        if max(now) > generation:
            # Our view was out of date and we recreated a removed, lower name: not the top.
            self.backend.remove(generation)
            return False
        for old in now:
            if old < generation:
                self.backend.remove(old)
        return True

    def release(self, holder: Holder) -> None:
        """Free the lock, unless someone broke it and holds it now (theirs is left alone)."""
        generation, self.generation = self.generation, None
        if generation is not None:
            self._claim(generation + 1, FREE)
