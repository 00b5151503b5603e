"""Many processes racing for the deploy lock (issue 14, item 7), shared by the file-backend
test here and the swarm test in tests/e2e/test_deploy_lock.py.

Each round, one worker plants a lock held by a process that is gone (on this host, so it
is stale), then every worker at once takes it over, holds it, and releases it. Inside the
lock a worker creates one file with O_EXCL: a second holder finds it there, an overlap.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from devenv.prod.lock import FREE, Holder, Lock, LockBackend, me, top

Factory = Callable[[], LockBackend]


class Outcome(NamedTuple):
    holds: int
    overlaps: int
    takeovers: int


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def plant_stale(backend: LockBackend, pid: int) -> None:
    n, holder = top(backend.generations())
    assert holder is None, f"round began with the lock held by {holder}"
    stale = Holder("gone@here", me("x").host, pid, "2026-01-01T00:00:00Z", "killed promote")
    assert backend.create(n + 1, stale.to_json())


def worker(
    factory: Factory,
    index: int,
    rounds: int,
    pid: int,
    barrier: Any,
    inside: str,
    results: Any,
) -> None:
    backend = factory()
    said: list[str] = []
    overlaps = holds = 0
    for _ in range(rounds):
        barrier.wait()
        if index == 0:
            plant_stale(backend, pid)
        barrier.wait()
        lock = Lock(backend, "race", said.append, poll=0.01)
        holder = me(f"contender {index}")
        lock.acquire(holder, wait=60)
        try:
            fd = os.open(inside, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            overlaps += 1
        else:
            os.close(fd)
            time.sleep(0.002)
            os.unlink(inside)
        holds += 1
        lock.release(holder)
    takeovers = sum(line.startswith("lock: took over") for line in said)
    results.put(Outcome(holds, overlaps, takeovers))


def race(factory: Factory, workers: int, rounds: int, scratch: Path) -> Outcome:
    """Run the rounds in `workers` spawned processes; the sums of what they saw."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers)
    results = ctx.Queue()
    pid = dead_pid()
    inside = str(scratch / "inside")
    procs = [
        ctx.Process(target=worker, args=(factory, i, rounds, pid, barrier, inside, results))
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0, f"a contender failed (exit {p.exitcode})"
    return Outcome(*(sum(o[i] for o in outcomes) for i in range(3)))


def left_free(backend: LockBackend) -> bool:
    objects = backend.generations()
    return len(objects) == 1 and objects[max(objects)] == FREE
