"""Issue 14, item 7, on the real swarm: processes racing to take over a stale deploy lock
never hold it twice. The lock's objects are Swarm configs created under unique names, so
the swarm's own name uniqueness is what is tested here, not a fake of it."""

from __future__ import annotations

import functools
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from devenv.prod.state import LOCK_LABEL, SwarmLockBackend
from tests.e2e.conftest import DOCKER, Swarm
from tests.security.lockrace import left_free, race

WORKERS, ROUNDS = 4, 100
STACK = "devenv-lockrace"


def swarm_backend(stack: str) -> SwarmLockBackend:
    return SwarmLockBackend(docker.from_env(), stack)


def remove_lock(stack: str) -> None:
    ids = subprocess.run(
        [DOCKER, "config", "ls", "-q", "--filter", f"label={LOCK_LABEL}={stack}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    if ids:
        subprocess.run([DOCKER, "config", "rm", *ids], capture_output=True, check=False)


@pytest.fixture
def stack(swarm: Swarm) -> Iterator[str]:
    remove_lock(STACK)
    yield STACK
    remove_lock(STACK)


def test_parallel_processes_never_hold_the_swarm_lock_twice(stack: str, tmp_path: Path) -> None:
    started = time.monotonic()
    outcome = race(functools.partial(swarm_backend, stack), WORKERS, ROUNDS, tmp_path)
    assert outcome.overlaps == 0
    assert outcome.holds == WORKERS * ROUNDS
    assert outcome.takeovers == ROUNDS
    assert left_free(swarm_backend(stack))
    assert time.monotonic() - started < 60
