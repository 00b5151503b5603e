"""Issue 14, item 7: the deploy lock is held by one process at a time, also when many take
over a stale lock at once. Here on the compose target's files; on the real swarm in
tests/e2e/test_deploy_lock.py. Before, a takeover was read, check, remove, create: three
contenders had two holders in 3 of 12 rounds."""

from __future__ import annotations

import functools
from pathlib import Path

from devenv.prod.targets import FileLockBackend
from tests.security.lockrace import left_free, race

WORKERS, ROUNDS = 5, 80


def test_parallel_processes_never_hold_the_file_lock_twice(tmp_path: Path) -> None:
    factory = functools.partial(FileLockBackend, tmp_path / ".devenv" / "lock-app")
    outcome = race(factory, WORKERS, ROUNDS, tmp_path)
    assert outcome.overlaps == 0
    assert outcome.holds == WORKERS * ROUNDS
    # Exactly one contender took over each round's stale lock; the others waited.
    assert outcome.takeovers == ROUNDS
    assert left_free(factory())
