"""The node clock job's lines: parsed, the tightest round trip chosen, offsets composed."""

from __future__ import annotations

import pytest

from devenv.clock import samples
from devenv.clock.samples import JobOutput, Lead, Sample

TAGS = "com.docker.swarm.node.id={node},com.docker.swarm.service.id=s,com.docker.swarm.task.id=t"


def _line(node: str, text: str) -> str:
    return f"{TAGS.format(node=node)} {text}"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1796190533.399652", 1796190533.399652),  # $EPOCHREALTIME
        ("1796190533:5", 1796190533.000005),  # adjtimex's tv_usec is not zero-padded
        ("1796190533:491862", 1796190533.491862),
        ("1796190533.4", 1796190533.4),
    ],
)
def test_parse_time(text: str, seconds: float) -> None:
    assert samples.parse_time(text) == pytest.approx(seconds, abs=1e-7)


@pytest.mark.parametrize("text", ["", "12.", "1796190533:1234567", "abc", "-5", "1:2:3"])
def test_parse_time_rejects_other_text(text: str) -> None:
    with pytest.raises(ValueError, match="not a clock reading"):
        samples.parse_time(text)


def test_parse_job_logs_per_node() -> None:
    logs = "\n".join(
        [
            _line("n1", "devenv-clock 100.000100 100:600 100.001100"),
            _line("n1", "devenv-clock 100.002000 100:2900 100.003000"),
            _line("n2", "devenv-clock-unreachable 10.0.1.2:7123 nc: can't connect"),
            _line("n3", "devenv-clock 100.0 not-a-time 100.1"),
            _line("n3", "sh: adjtimex: not found"),  # not the job's line
            "no tags at all devenv-clock 1.0 1.0 1.0",
        ]
    )
    out = samples.parse_job_logs(logs)
    assert out["n1"] == JobOutput(
        (Sample(100.0001, 100.0006, 100.0011), Sample(100.002, 100.0029, 100.003))
    )
    assert out["n2"] == JobOutput((), "10.0.1.2:7123 nc: can't connect")
    assert out["n3"].samples == ()
    assert out["n3"].garbled == ("100.0 not-a-time 100.1",)
    assert set(out) == {"n1", "n2", "n3"}


def test_a_clock_stepped_back_during_the_round_trip_is_no_sample() -> None:
    out = samples.parse_job_logs(_line("n1", "devenv-clock 100.5 100:0 100.4"))
    assert out["n1"].samples == ()


def test_sample_offset_and_bound() -> None:
    # The node sent at 10.000 and heard back at 10.004 (its clock); the reference said 9.502.
    s = Sample(10.000, 9.502, 10.004)
    assert s.rtt == pytest.approx(0.004)
    assert s.offset == pytest.approx(0.5)  # the node is 500 ms ahead of the reference
    assert s.bound == pytest.approx(0.002)


def test_best_is_the_smallest_round_trip() -> None:
    # Binary fractions, so that the two round trips are exactly equal.
    slow = Sample(0.0, 0.25, 0.5)
    quick = Sample(1.0, 1.0625, 1.125)
    tie = Sample(2.0, 2.0625, 2.125)
    assert samples.best([slow, quick, tie]) is quick
    assert samples.best([]) is None


def test_node_lead_adds_the_engine_reading_and_both_bounds() -> None:
    # Node 500 ms ahead of the reference (±2 ms); the engine, the reference's node, 30 ms
    # behind this host, read in a 6 ms round trip (±3 ms).
    lead = samples.node_lead(Sample(10.000, 9.502, 10.004), engine_lead=-0.030, engine_rtt=0.006)
    assert lead.offset == pytest.approx(0.470)
    assert lead.bound == pytest.approx(0.005)
    assert isinstance(lead, Lead)
