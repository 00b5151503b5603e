"""The clock checks and the report: thresholds, agreement, resolution, timing."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from devenv.clock import report, wire
from devenv.clock.readings import EngineClock, NodeClock
from devenv.clock.report import Check
from devenv.clock.wire import Answer, Failed, Server

if TYPE_CHECKING:
    from tests.fake_ntp import FakeNtpFactory

pytest_plugins = ("tests.fake_ntp",)

# --- servers --------------------------------------------------------------------------------


SERVER = Server("127.0.0.1", 11123)
A, B, C = Server("a"), Server("b"), Server("c")


def _answer(offset: float = 0.0, **kw: int) -> Answer:
    fields = {"stratum": 2, "leap": 0} | kw
    return Answer(SERVER, offset, 0.001, fields["stratum"], fields["leap"], "")


def _synced(server: Server, offset: float, **kw: int) -> tuple[Server, Answer]:
    return server, Answer(server, offset, 0.002, kw.get("stratum", 2), kw.get("leap", 0), "x")


def test_host_within_threshold() -> None:
    [check] = report.host_checks([_synced(A, 0.099)], max_ms=100)
    assert check == Check("host", "a:123", 99.0, 2.0, 2, True, None)
    assert check.note == "offset +99.0 ms, delay 2.0 ms, stratum 2, ref x"


@pytest.mark.parametrize(
    ("offset", "sentence"),
    [
        (0.1005, "host clock is 100.5 ms behind a:123 (max 100 ms)"),
        (-2.0, "host clock is 2000.0 ms ahead of a:123 (max 100 ms)"),
    ],
)
def test_host_over_threshold(offset: float, sentence: str) -> None:
    [check] = report.host_checks([_synced(A, offset)], max_ms=100)
    assert (check.ok, check.error) == (False, sentence)


def test_host_unsynchronised_server_fails() -> None:
    [check] = report.host_checks([_synced(A, 0.0, leap=3)], max_ms=100)
    assert check.error == "a:123 reports itself unsynchronised (leap indicator 3): do not follow it"
    assert check.offset_ms == 0.0


def test_host_kiss_of_death_has_no_offset() -> None:
    [check] = report.host_checks([_synced(A, 12345.0, stratum=0)], max_ms=100)
    assert (check.ok, check.offset_ms) == (False, None)


def test_host_failed_query() -> None:
    [check] = report.host_checks([(A, Failed("no answer from a:123 within 5 s"))], max_ms=100)
    assert check == Check(
        "host", "a:123", None, None, None, False, "no answer from a:123 within 5 s"
    )


def test_servers_agree() -> None:
    checks = report.host_checks([_synced(A, 0.010), _synced(B, -0.030), _synced(C, 0.050)], 100)
    assert [c.ok for c in checks] == [True, True, True, True]
    assert checks[3] == Check("host", "a:123,b:123,c:123", 80.0, None, None, True, None)


def test_servers_disagree() -> None:
    checks = report.host_checks([_synced(A, 0.030), _synced(B, -0.080)], max_ms=100)
    assert [c.ok for c in checks] == [True, True, False]
    assert checks[2].error == (
        "b:123 and a:123 disagree by 110.0 ms (max 100 ms): every host must follow one time source"
    )


def test_agreement_ignores_failed_and_unsynchronised_servers() -> None:
    results: list[tuple[Server, Answer | Failed]] = [
        _synced(A, 0.0),
        (B, Failed("x")),
        _synced(C, 5.0, leap=3),
    ]
    assert len(report.host_checks(results, max_ms=100)) == 3  # no agreement line


def test_reference_is_the_first_synchronised_answer() -> None:
    first = _synced(B, 0.2)
    assert report.reference([(A, Failed("x")), _synced(C, 0, stratum=16), first]) is first[1]
    assert report.reference([(A, Failed("x"))]) is None


# --- engine ---------------------------------------------------------------------------------


def test_engine_offset_is_ntp_minus_engine() -> None:
    # Host 40 ms behind NTP; engine 10 ms ahead of the host: the engine is 30 ms behind NTP.
    ref = _synced(A, 0.040)[1]
    check = report.engine_check(EngineClock(lead=0.010, rtt=0.004), ref, max_ms=100)
    assert check == Check("engine", "a:123", 30.0, 4.0, None, True, None)


def test_engine_over_threshold() -> None:
    ref = _synced(A, 0.0)[1]
    check = report.engine_check(EngineClock(lead=1.5, rtt=0.004), ref, max_ms=100)
    assert check.error == "engine clock is 1500.0 ms ahead of NTP time from a:123 (max 100 ms)"


def test_engine_without_reference_or_answer() -> None:
    no_ref = report.engine_check(EngineClock(0.0, 0.004), None, max_ms=100)
    assert (no_ref.ok, no_ref.offset_ms) == (False, None)
    assert no_ref.error is not None
    assert "no NTP server answered in sync" in no_ref.error
    failed = report.engine_check(Failed("cannot read"), _synced(A, 0)[1], max_ms=100)
    assert (failed.ok, failed.error) == (False, "cannot read")


# --- nodes ----------------------------------------------------------------------------------


def _node(low: float, high: float) -> NodeClock:
    return NodeClock("abcdefabcdef0123456789", "vm", low=low, high=high)


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (-0.3, 0.3),  # within its resolution: cannot be said to be off
        (-0.1, 0.05),
        (0.0, 0.38),  # could be up to 380 ms off, but the bound is 400 ms wide
        (-0.45, -0.05),
    ],
)
def test_node_within_resolution_passes(low: float, high: float) -> None:
    [check] = report.node_checks([_node(low, high)], _synced(A, 0)[1], max_ms=100)
    assert check.ok, check
    assert check.target == "node:abcdefabcdef"


@pytest.mark.parametrize(
    ("low", "high", "sentence"),
    [
        (1.8, 2.4, "node vm clock is at least 1800 ms ahead of NTP time from a:123 (max 100 ms)"),
        (-2.6, -2.0, "node vm clock is at least 2000 ms behind NTP time from a:123 (max 100 ms)"),
    ],
)
def test_node_surely_over_threshold_fails(low: float, high: float, sentence: str) -> None:
    [check] = report.node_checks([_node(low, high)], _synced(A, 0)[1], max_ms=100)
    assert (check.ok, check.error) == (False, sentence)
    assert check.delay_ms == pytest.approx(600.0)


def test_node_failures_and_skips() -> None:
    clocks = [
        NodeClock("n1", "a", error="the clock job failed on node a: No such image: x"),
        NodeClock("n2", "b", skipped="drain: no job runs there, clock not read"),
    ]
    failed, skipped = report.node_checks(clocks, _synced(A, 0)[1], max_ms=100)
    assert (failed.ok, failed.error) == (False, "the clock job failed on node a: No such image: x")
    assert (skipped.ok, skipped.offset_ms, skipped.note) == (
        True,
        None,
        "drain: no job runs there, clock not read",
    )
    [whole] = report.node_checks(Failed("this engine is not in a swarm"), None, max_ms=100)
    assert (whole.target, whole.ok) == ("node:*", False)


# --- running in parallel --------------------------------------------------------------------


def test_background_gives_late_value_after_deadline() -> None:
    def sleepy() -> int:
        time.sleep(5)
        return 1

    slow = report.Background(sleepy)
    start = time.monotonic()
    assert slow.result(time.monotonic() + 0.1, "late") == "late"
    assert time.monotonic() - start < 0.5


def test_background_raises_the_callers_bug() -> None:
    def boom() -> int:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        report.Background(boom).result(time.monotonic() + 1, 0)


def test_check_clocks_takes_the_slowest_answer_not_the_sum(fake_ntp: FakeNtpFactory) -> None:
    silent = [wire.parse_server(fake_ntp(silent=True)) for _ in range(3)]
    good = wire.parse_server(fake_ntp())
    start = time.monotonic()
    result = report.check_clocks(report.Options((*silent, good), timeout=0.5, engine=False))
    elapsed = time.monotonic() - start
    assert 0.45 < elapsed < 1.0  # sequential would be 1.5 s
    assert [c.ok for c in result.checks] == [False, False, False, True]
    assert not result.ok


def test_report_json_shape() -> None:
    result = report.Report(100.0, (Check("host", "a:123", 1.0, 0.5, 2, True, None, "note"),))
    assert result.to_json() == {
        "ok": True,
        "max_offset_ms": 100.0,
        "checks": [
            {
                "target": "host",
                "server": "a:123",
                "offset_ms": 1.0,
                "delay_ms": 0.5,
                "stratum": 2,
                "ok": True,
                "error": None,
            }
        ],
    }
