"""The clock of the Docker engine (`GET /info`), read against this host's clock (the swarm
nodes' are in `nodejob`). The engine is reached through `devenv.engine`, the one place
that decides which Docker host this process talks to.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devenv import engine
from devenv.clock.wire import Failed, why


@dataclass(frozen=True)
class EngineClock:
    lead: float  # seconds, engine clock minus this host's clock
    rtt: float  # seconds, round trip of the API request it was read in


def read_engine_clock(timeout: float, samples: int = 3) -> EngineClock | Failed:
    """The engine's clock from `GET /info` (`SystemTime`), the best of a few round trips."""
    deadline = time.monotonic() + timeout
    best: EngineClock | None = None
    try:
        with engine.open_client(timeout) as client:
            best = best_engine_sample(client, samples, deadline)
    except Exception as exc:  # the SDK raises requests, urllib3 and docker errors alike
        where = engine.docker_host()
        return Failed(f"cannot read the clock of the Docker engine at {where}: {why(exc)}")
    return best if best is not None else Failed("the Docker engine gave no system time")


def best_engine_sample(client: Any, samples: int, deadline: float) -> EngineClock | None:
    best: EngineClock | None = None
    for _ in range(samples):
        if best is not None and time.monotonic() > deadline:
            break
        sent = time.time()
        info = client.info()
        got = time.time()
        engine_time = parse_engine_time(str(info["SystemTime"]))
        sample = EngineClock(engine_time - (sent + got) / 2, got - sent)
        if best is None or sample.rtt < best.rtt:
            best = sample
    return best


_ENGINE_TIME = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)")


def parse_engine_time(text: str) -> float:
    """RFC 3339 with nanoseconds (Go's `RFC3339Nano`), as POSIX seconds."""
    m = _ENGINE_TIME.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    zone = "+00:00" if m[3] == "Z" else m[3]
    return datetime.fromisoformat(m[1] + zone).timestamp() + float(f"0.{m[2] or 0}")
