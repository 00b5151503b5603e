"""What the node clock job prints, and the offsets and error bounds made from it (issue 13,
item 5). Pure: the job itself is run by `nodejob`.

Each task of the job makes a few round trips to a reference on the engine's own node and
prints one line per answered round trip: its own clock before (t1), the reference's clock
(r) and its own clock after (t4). The reference read its clock at some moment between t1
and t4, so the node's clock minus the reference's lies within (t1 + t4) / 2 - r ± (t4 - t1) / 2:
the round trip with the smallest t4 - t1 gives the tightest bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

SAMPLE_MARK = "devenv-clock"
UNREACHABLE_MARK = "devenv-clock-unreachable"

# The job's stdout, as `service logs --details` prints it: the task's labels, then the line.
_LINE = re.compile(r"com\.docker\.swarm\.node\.id=(\w+)\S*\s+(devenv-clock\S*)\s*(.*)")
# `$EPOCHREALTIME` prints SEC.FRACTION; the adjtimex fallback prints SEC:USEC, or
# SEC.NANOSECONDS where the kernel counts in nanoseconds (STA_NANO).
_TIME = re.compile(r"(\d+)(?:\.(\d{1,9})|:(\d{1,6}))")


@dataclass(frozen=True)
class Sample:
    """One round trip, all in POSIX seconds: t1 and t4 on the node, r on the reference."""

    t1: float
    r: float
    t4: float

    @property
    def rtt(self) -> float:
        return self.t4 - self.t1

    @property
    def offset(self) -> float:
        """The node's clock minus the reference's."""
        return (self.t1 + self.t4) / 2 - self.r

    @property
    def bound(self) -> float:
        return self.rtt / 2


@dataclass(frozen=True)
class JobOutput:
    """What one node's task printed."""

    samples: tuple[Sample, ...] = ()
    unreachable: str = ""  # why it got no answer at all, as the task said
    garbled: tuple[str, ...] = field(default=(), compare=False)


def parse_time(text: str) -> float:
    m = _TIME.fullmatch(text)
    if m is None:
        raise ValueError(f"not a clock reading: {text!r}")
    if m[3] is not None:
        return int(m[1]) + int(m[3]) / 1e6
    return float(f"{m[1]}.{m[2]}")


def parse_job_logs(logs: str) -> dict[str, JobOutput]:
    """Node id -> what its task printed; lines that are not the job's are ignored."""
    samples: dict[str, list[Sample]] = {}
    unreachable: dict[str, str] = {}
    garbled: dict[str, list[str]] = {}
    for line in logs.splitlines():
        m = _LINE.search(line)
        if m is None:
            continue
        node, mark, rest = m[1], m[2], m[3].strip()
        samples.setdefault(node, [])
        if mark == UNREACHABLE_MARK:
            unreachable[node] = rest
        elif mark == SAMPLE_MARK:
            sample = _sample(rest)
            if sample is None:
                garbled.setdefault(node, []).append(rest)
            else:
                samples[node].append(sample)
    return {
        node: JobOutput(tuple(got), unreachable.get(node, ""), tuple(garbled.get(node, ())))
        for node, got in samples.items()
    }


def _sample(text: str) -> Sample | None:
    words = text.split()
    if len(words) != 3:
        return None
    try:
        t1, r, t4 = (parse_time(w) for w in words)
    except ValueError:
        return None
    # A clock stepped backwards during the round trip gives no bound at all.
    return Sample(t1, r, t4) if t4 >= t1 else None


def best(samples: Iterable[Sample]) -> Sample | None:
    """The round trip with the smallest t4 - t1 (the earliest of equals), or None."""
    return min(samples, key=lambda s: s.rtt, default=None)


@dataclass(frozen=True)
class Lead:
    """A clock minus this host's clock, within ± `bound` seconds."""

    offset: float
    bound: float


def node_lead(sample: Sample, engine_lead: float, engine_rtt: float) -> Lead:
    """The node's clock minus this host's: node minus reference (the reference runs on the
    engine's node) plus engine minus host (`GET /info`, bounded by half its round trip)."""
    return Lead(sample.offset + engine_lead, sample.bound + engine_rtt / 2)
