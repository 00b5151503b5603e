"""Many processes racing for the deploy lock (issue 14, item 7), shared by the file-backend
test here and the swarm test in tests/e2e/test_deploy_lock.py.

Each round, one worker plants a lock held by a process that is gone (on this host, so it
is stale), then every worker at once takes it over, holds it, and releases it. Inside the
lock a worker creates one file with O_EXCL: a second holder finds it there, an overlap.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from devenv.prod.lock import FREE, Holder, Lock, LockBackend, me, top

Factory = Callable[[], LockBackend]


class Outcome(NamedTuple):
    holds: int
    overlaps: int
    takeovers: int


# Above any Linux pid_max (at most 2**22): never a live process. The pid of a process that
# has exited would do only until the pids wrap, which on a busy host with pid_max 32768
# takes seconds; the "stale" holder would then look alive and the round would hang.
GONE_PID = 2**22 + 1
BARRIER_SECONDS = 120


def plant_stale(backend: LockBackend) -> None:
    n, holder = top(backend.generations())
    assert holder is None, f"round began with the lock held by {holder}"
    stale = Holder("gone@here", me("x").host, GONE_PID, "2026-01-01T00:00:00Z", "killed")
    assert backend.create(n + 1, stale.to_json())


def worker(
    factory: Factory, index: int, rounds: int, barrier: Any, inside: str, results: Any
) -> None:
    try:
        results.put(contend(factory, index, rounds, barrier, inside))
    except BaseException:
        barrier.abort()  # the others stop at the next round instead of waiting for ever
        results.put(traceback.format_exc())


def contend(factory: Factory, index: int, rounds: int, barrier: Any, inside: str) -> Outcome:
    backend = factory()
    said: list[str] = []
    overlaps = holds = 0
    for _ in range(rounds):
        barrier.wait(BARRIER_SECONDS)
        if index == 0:
            plant_stale(backend)
        barrier.wait(BARRIER_SECONDS)
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
    return Outcome(holds, overlaps, takeovers)


def race(factory: Factory, workers: int, rounds: int, scratch: Path) -> Outcome:
    """Run the rounds in `workers` spawned processes; the sums of what they saw."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers)
    results = ctx.Queue()
    inside = str(scratch / "inside")
    procs = [
        ctx.Process(target=worker, args=(factory, i, rounds, barrier, inside, results))
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    try:
        outcomes = [results.get(timeout=300) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
    failed = [o for o in outcomes if isinstance(o, str)]
    assert not failed, "a contender failed:\n" + "\n".join(failed)
    return Outcome(*(sum(o[i] for o in outcomes) for i in range(3)))


def left_free(backend: LockBackend) -> bool:
    objects = backend.generations()
    return len(objects) == 1 and objects[max(objects)] == FREE
