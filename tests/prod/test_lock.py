from __future__ import annotations

import pytest

from devenv.errors import DevenvError
from devenv.prod.lock import FREE, Holder, Lock, is_stale, parse
from tests.prod.lockfake import MemoryBackend


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


ME = Holder("ann@box", "box", 100, "2026-01-01T00:00:00Z", "promote v2")
OTHER = Holder("bob@box", "box", 200, "2026-01-01T00:00:00Z", "promote v1")
THIRD = Holder("cy@box", "box", 300, "2026-01-01T00:00:00Z", "promote v3")
REMOTE = Holder("dee@far", "far", 400, "2026-01-01T00:00:00Z", "rollback")


def make(backend: MemoryBackend, alive: bool | set[int] = True) -> tuple[Lock, Clock, list[str]]:
    clock, said = Clock(), []

    def is_alive(pid: int) -> bool:
        return alive if isinstance(alive, bool) else pid in alive

    lock = Lock(backend, "stack app", said.append, clock, clock.sleep, is_alive)
    return lock, clock, said


def test_free_lock_is_taken_and_released() -> None:
    backend = MemoryBackend()
    lock, _, said = make(backend)
    lock.acquire(ME, wait=0)
    assert backend.held == ME
    lock.release(ME)
    assert backend.held is None
    assert said == []


def test_the_chain_keeps_at_most_the_top_object() -> None:
    backend = MemoryBackend()
    for _ in range(5):
        lock, _, _ = make(backend)
        lock.acquire(ME, wait=0)
        assert list(backend.objects) == [max(backend.objects)]
        lock.release(ME)
    assert backend.objects == {10: FREE}


def test_held_lock_fails_naming_the_holder_after_the_wait() -> None:
    backend = MemoryBackend({1: OTHER.to_json()})
    lock, clock, said = make(backend)
    with pytest.raises(DevenvError) as err:
        lock.acquire(ME, wait=3)
    assert err.value.exit_code == 1
    assert "stack app is locked by bob@box (promote v1, pid 200 on box)" in err.value.message
    assert "--break-lock" in err.value.message
    assert clock.now >= 3
    assert said == ["lock: waiting up to 3s for " + OTHER.describe()]
    assert backend.held == OTHER


def test_waiter_gets_the_lock_when_the_holder_releases() -> None:
    backend = MemoryBackend()
    first, _, _ = make(backend)
    first.acquire(OTHER, wait=0)
    lock, clock, _ = make(backend)
    original = clock.sleep

    def sleep(seconds: float) -> None:
        original(seconds)
        if clock.now >= 2:
            first.release(OTHER)

    lock.sleep = sleep
    lock.acquire(ME, wait=10)
    assert backend.held == ME


def test_dead_holder_on_this_host_is_taken_over_by_a_new_generation() -> None:
    backend = MemoryBackend({7: OTHER.to_json()})
    lock, _, said = make(backend, alive=False)
    lock.acquire(ME, wait=0)
    assert backend.objects == {8: ME.to_json()}
    assert said[0].startswith("lock: took over from bob@box")


def test_two_takeovers_of_one_stale_lock_cannot_both_win() -> None:
    # The race of issue 14 item 7: both read the same stale holder; the rival creates the
    # next generation in the gap before ours. Delete-then-create let both hold the lock.
    backend = MemoryBackend({1: OTHER.to_json()})
    rival, _, _ = make(backend, alive={THIRD.pid})

    def rival_first(generation: int) -> None:
        backend.before_create = lambda g: None
        rival.acquire(THIRD, wait=0)

    backend.before_create = rival_first
    lock, _, said = make(backend, alive={THIRD.pid})
    with pytest.raises(DevenvError, match="locked by cy@box"):
        lock.acquire(ME, wait=1)
    assert backend.held == THIRD
    assert rival.generation == 2
    assert lock.generation is None
    # Only the winner says it took over; we saw bob's lock stale too, but lost the race.
    assert said == ["lock: waiting up to 1s for " + THIRD.describe()]


def test_an_out_of_date_view_that_recreates_a_removed_name_gives_way() -> None:
    # We read generation 1 as the top; meanwhile the chain moved to 3 (held) and 1 and 2
    # were removed, so our create of 2 succeeds, but 2 is not the top: we must not hold.
    backend = MemoryBackend({1: FREE})

    def chain_moves(generation: int) -> None:
        backend.before_create = lambda g: None
        backend.objects = {3: OTHER.to_json()}

    backend.before_create = chain_moves
    lock, _, _ = make(backend)
    with pytest.raises(DevenvError, match="locked by bob@box"):
        lock.acquire(ME, wait=0)
    assert backend.objects == {3: OTHER.to_json()}


def test_holder_on_another_host_is_never_presumed_dead() -> None:
    assert not is_stale(REMOTE, "box", lambda pid: False)
    assert is_stale(OTHER, "box", lambda pid: False)
    assert not is_stale(OTHER, "box", lambda pid: True)


def test_break_lock_takes_any_holder_with_a_new_generation() -> None:
    backend = MemoryBackend({4: REMOTE.to_json()})
    lock, _, said = make(backend)
    lock.acquire(ME, wait=0, break_lock=True)
    assert backend.objects == {5: ME.to_json()}
    assert said == ["lock: broke the lock on stack app held by " + REMOTE.describe()]


def test_release_leaves_a_lock_someone_broke_and_took() -> None:
    backend = MemoryBackend()
    mine, _, _ = make(backend)
    mine.acquire(ME, wait=0)
    breaker, _, _ = make(backend)
    breaker.acquire(OTHER, wait=0, break_lock=True)
    mine.release(ME)
    assert backend.held == OTHER
    breaker.release(OTHER)
    assert backend.held is None


def test_unreadable_lock_is_reported_not_crashed_on() -> None:
    backend = MemoryBackend({1: "garbage"})
    lock, _, _ = make(backend)
    with pytest.raises(DevenvError, match="unreadable lock 'garbage'"):
        lock.acquire(ME, wait=0)


def test_free_marker_and_nothing_both_read_as_free() -> None:
    assert parse(FREE) is None
    assert parse(None) is None
    assert parse(ME.to_json()) == ME
