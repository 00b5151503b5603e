from __future__ import annotations

from dataclasses import dataclass

import pytest

from devenv.errors import DevenvError
from devenv.prod.lock import Holder, Lock, is_stale, parse


@dataclass
class MemoryBackend:
    data: str | None = None
    creates: int = 0

    def create(self, data: str) -> bool:
        self.creates += 1
        if self.data is not None:
            return False
        self.data = data
        return True

    def read(self) -> str | None:
        return self.data

    def remove(self) -> None:
        self.data = None


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


ME = Holder("ann@box", "box", 100, "2026-01-01T00:00:00Z", "promote v2")
OTHER = Holder("bob@box", "box", 200, "2026-01-01T00:00:00Z", "promote v1")
REMOTE = Holder("cy@far", "far", 300, "2026-01-01T00:00:00Z", "rollback")


def make(backend: MemoryBackend, alive: bool = True) -> tuple[Lock, Clock, list[str]]:
    clock, said = Clock(), []
    lock = Lock(backend, "stack app", said.append, clock, clock.sleep, lambda pid: alive)
    return lock, clock, said


def test_free_lock_is_taken_and_released() -> None:
    backend = MemoryBackend()
    lock, _, said = make(backend)
    lock.acquire(ME, wait=0)
    assert parse(backend.data) == ME
    lock.release(ME)
    assert backend.data is None
    assert said == []


def test_held_lock_fails_naming_the_holder_after_the_wait() -> None:
    backend = MemoryBackend(OTHER.to_json())
    lock, clock, said = make(backend)
    with pytest.raises(DevenvError) as err:
        lock.acquire(ME, wait=3)
    assert err.value.exit_code == 1
    assert "stack app is locked by bob@box (promote v1, pid 200 on box)" in err.value.message
    assert "--break-lock" in err.value.message
    assert clock.now >= 3
    assert said == ["lock: waiting up to 3s for " + OTHER.describe()]


def test_waiter_gets_the_lock_when_the_holder_releases() -> None:
    backend = MemoryBackend(OTHER.to_json())
    lock, clock, _ = make(backend)
    original = clock.sleep

    def sleep(seconds: float) -> None:
        original(seconds)
        if clock.now >= 2:
            backend.remove()

    lock.sleep = sleep
    lock.acquire(ME, wait=10)
    assert parse(backend.data) == ME


def test_dead_holder_on_this_host_is_taken_over() -> None:
    backend = MemoryBackend(OTHER.to_json())
    lock, _, said = make(backend, alive=False)
    lock.acquire(ME, wait=0)
    assert parse(backend.data) == ME
    assert said[0].startswith("lock: taking over from bob@box")


def test_holder_on_another_host_is_never_presumed_dead() -> None:
    assert not is_stale(REMOTE, "box", lambda pid: False)
    assert is_stale(OTHER, "box", lambda pid: False)
    assert not is_stale(OTHER, "box", lambda pid: True)


def test_break_lock_removes_any_holder() -> None:
    backend = MemoryBackend(REMOTE.to_json())
    lock, _, said = make(backend)
    lock.acquire(ME, wait=0, break_lock=True)
    assert parse(backend.data) == ME
    assert said == ["lock: breaking the lock on stack app held by " + REMOTE.describe()]


def test_release_leaves_a_lock_someone_else_took() -> None:
    backend = MemoryBackend(OTHER.to_json())
    lock, _, _ = make(backend)
    lock.release(ME)
    assert parse(backend.data) == OTHER


def test_unreadable_lock_is_reported_not_crashed_on() -> None:
    backend = MemoryBackend("garbage")
    lock, _, _ = make(backend)
    with pytest.raises(DevenvError, match="unreadable lock 'garbage'"):
        lock.acquire(ME, wait=0)
