"""The clock checks and the report: thresholds, agreement, resolution, timing."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from devenv.clock import report, wire
from devenv.clock.nodejob import NodeClock
from devenv.clock.readings import EngineClock
from devenv.clock.report import Check
from devenv.clock.samples import Lead
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


def _node(lead: float, bound: float) -> NodeClock:
    return NodeClock("abcdefabcdef0123456789", "vm", lead=Lead(lead, bound))


def test_node_offset_is_ntp_minus_node_with_its_bound() -> None:
    # Host 40 ms behind NTP, the node 10 ms ahead of the host: 30 ms behind NTP, ±1.5 ms.
    [check] = report.node_checks([_node(0.010, 0.0015)], _synced(A, 0.040)[1], max_ms=100)
    assert check == Check("node:abcdefabcdef", "a:123", 30.0, None, None, True, None, bound_ms=1.5)
    assert check.note == "offset +30.0 ms ±1.5 ms (vm)"
    assert check.to_json()["bound_ms"] == 1.5


@pytest.mark.parametrize(
    ("lead", "bound"),
    [
        (0.0, 0.001),
        (-0.099, 0.0009),  # surely within, by 0.1 ms
        (0.0995, 0.0),
        (0.105, 0.010),  # over the limit as read, but within it at the edge of the bound
        (-0.105, 0.010),
        (0.3, 0.5),  # a bound this wide cannot tell
    ],
)
def test_node_not_surely_over_the_limit_passes(lead: float, bound: float) -> None:
    [check] = report.node_checks([_node(lead, bound)], _synced(A, 0)[1], max_ms=100)
    assert check.ok, check
    assert check.target == "node:abcdefabcdef"


@pytest.mark.parametrize(
    ("lead", "bound", "sentence"),
    [
        (0.1102, 0.010, "node vm clock is at least 100.2 ms ahead of NTP time from a:123 "),
        (-2.0, 0.004, "node vm clock is at least 1996.0 ms behind NTP time from a:123 "),
    ],
)
def test_node_surely_over_the_limit_fails(lead: float, bound: float, sentence: str) -> None:
    [check] = report.node_checks([_node(lead, bound)], _synced(A, 0)[1], max_ms=100)
    assert (check.ok, check.error) == (False, sentence + "(max 100 ms)")
    assert check.bound_ms == pytest.approx(bound * 1000)


@pytest.mark.parametrize(
    ("offset", "bound", "doubt"),
    [
        (5.0, 2.0, ""),
        (99.0, 1.0, ""),
        (95.0, 10.0, "; could be 105.0 ms off: cannot tell whether it is within 100 ms"),
        (-108.0, 10.0, "; could be 118.0 ms off: cannot tell whether it is within 100 ms"),
        (20.0, 100.0, "; the bound alone is over 100 ms: this reading cannot decide"),
    ],
)
def test_node_verdict_says_when_the_bound_cannot_decide(
    offset: float, bound: float, doubt: str
) -> None:
    assert report.node_verdict(offset, bound, 100) == (None, doubt)


def test_node_verdict_on_a_drift_past_its_bound() -> None:
    assert report.node_verdict(-130.0, 10.0, 100) == ("at least 120.0 ms ahead of", "")
    assert report.node_verdict(130.0, 10.0, 100) == ("at least 120.0 ms behind", "")


def test_a_skewed_ntp_server_fails_every_node_on_the_same_host(fake_ntp: FakeNtpFactory) -> None:
    # Nodes here share this host's clock; a responder 2 s ahead makes them all 2 s behind.
    answer = wire.query(wire.parse_server(fake_ntp(offset=2.0)), timeout=2)
    assert isinstance(answer, Answer)
    checks = report.node_checks([_node(0.0002, 0.001), _node(-0.0003, 0.0012)], answer, 100)
    assert [c.ok for c in checks] == [False, False]
    assert all(c.error and "at least 199" in c.error and "behind NTP" in c.error for c in checks)


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
                "bound_ms": None,
                "delay_ms": 0.5,
                "stratum": 2,
                "ok": True,
                "error": None,
            }
        ],
    }
