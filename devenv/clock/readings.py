"""The clocks of the Docker engine (`GET /info`) and of each swarm node (a global job),
read against this host's clock. The engine is reached through `devenv.engine`, the one place
that decides which Docker host this process talks to.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devenv import engine
from devenv.clock.wire import Failed, why

DEFAULT_NODE_IMAGE = "busybox:1.36"
_DONE_STATES = frozenset({"complete", "failed", "rejected", "shutdown", "orphaned", "remove"})
# busybox `date` has no %N; `adjtimex` reads the kernel clock to the microsecond.
_NODE_SCRIPT = 'adjtimex 2>/dev/null | grep "time.tv_" || echo "time.tv_sec: $(date +%s)"'


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
            best = _best_sample(client, samples, deadline)
    except Exception as exc:  # the SDK raises requests, urllib3 and docker errors alike
        where = engine.docker_host()
        return Failed(f"cannot read the clock of the Docker engine at {where}: {why(exc)}")
    return best if best is not None else Failed("the Docker engine gave no system time")


def _best_sample(client: Any, samples: int, deadline: float) -> EngineClock | None:
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


@dataclass(frozen=True)
class NodeClock:
    """What a job on one swarm node said, or why it said nothing."""

    node: str
    hostname: str
    # Bounds on the node's clock minus this host's: the job printed its clock at some
    # moment between creating the service and seeing the task finish.
    low: float | None = None
    high: float | None = None
    error: str | None = None
    skipped: str | None = None


def read_node_clocks(image: str, timeout: float) -> list[NodeClock] | Failed:
    """Run a global job that prints each node's clock, and remove it again."""
    deadline = time.monotonic() + timeout
    try:
        with engine.open_client(timeout) as client:
            swarm = client.info()["Swarm"]
            if swarm.get("LocalNodeState") != "active":
                return Failed("this engine is not in a swarm: leave out --nodes")
            if not swarm.get("ControlAvailable"):
                return Failed(
                    "this engine is a swarm worker: run on a manager, or leave out --nodes"
                )
            return _run_clock_job(client, image, timeout, deadline)
    except Exception as exc:  # the SDK raises requests, urllib3 and docker errors alike
        return Failed(f"cannot run the clock job on the swarm: {why(exc)}")


def _run_clock_job(client: Any, image: str, timeout: float, deadline: float) -> list[NodeClock]:
    from docker.types import RestartPolicy, ServiceMode

    nodes = {n["ID"]: n for n in client.api.nodes()}
    started = time.time()
    service = client.services.create(
        image,
        command=["sh", "-c", _NODE_SCRIPT],
        name=f"devenv-clock-{secrets.token_hex(4)}",
        mode=ServiceMode("global-job"),
        restart_policy=RestartPolicy(condition="none"),
        labels={"devenv.role": "clock-job"},
    )
    try:
        finished = _wait_for_tasks(client, service.id, _eligible(nodes), deadline)
        logs = b"".join(service.logs(stdout=True, stderr=True, details=True)) if finished else b""
    finally:
        service.remove()
    times = node_times(logs.decode(errors="replace"))
    return [_node_clock(node, finished, times, started, timeout) for node in nodes.values()]


def _eligible(nodes: dict[str, Any]) -> set[str]:
    return {
        nid
        for nid, n in nodes.items()
        if n["Status"]["State"] == "ready" and n["Spec"].get("Availability") == "active"
    }


def _wait_for_tasks(
    client: Any, service_id: str, nodes: set[str], deadline: float
) -> dict[str, tuple[float, dict[str, Any]]]:
    """Node id -> (when we saw its task end, its status), for the tasks that ended in time."""
    finished: dict[str, tuple[float, dict[str, Any]]] = {}
    while time.monotonic() < deadline and not nodes <= finished.keys():
        for task in client.api.tasks(filters={"service": service_id}):
            status = task["Status"]
            if status["State"] in _DONE_STATES and task["NodeID"] not in finished:
                finished[task["NodeID"]] = (time.time(), status)
        time.sleep(0.05)
    return finished


def node_times(logs: str) -> dict[str, tuple[float, float]]:
    """Node id -> (earliest, latest) clock reading printed by the job's `_NODE_SCRIPT`."""
    parts: dict[str, dict[str, int]] = {}
    for line in logs.splitlines():
        m = re.search(r"com\.docker\.swarm\.node\.id=(\w+).*time\.tv_(sec|usec):\s*(\d+)", line)
        if m:
            parts.setdefault(m[1], {})[m[2]] = int(m[3])
    out = {}
    for node, p in parts.items():
        if "sec" in p:
            base = p["sec"] + p.get("usec", 0) / 1e6
            out[node] = (base, base + (1e-6 if "usec" in p else 1.0))
    return out


def _node_clock(
    node: dict[str, Any],
    finished: dict[str, tuple[float, dict[str, Any]]],
    times: dict[str, tuple[float, float]],
    started: float,
    timeout: float,
) -> NodeClock:
    nid, name = node["ID"], node.get("Description", {}).get("Hostname", "")
    availability, state = node["Spec"].get("Availability"), node["Status"]["State"]
    if availability != "active":
        return NodeClock(nid, name, skipped=f"{availability}: no job runs there, clock not read")
    if state != "ready":
        return NodeClock(nid, name, error=f"node {name or nid} is {state}: its clock was not read")
    if nid not in finished:
        return NodeClock(
            nid, name, error=f"no answer from the job on node {name} within {timeout:g} s"
        )
    seen_at, status = finished[nid]
    if nid not in times:
        reason = status.get("Err") or status.get("Message") or status["State"]
        hint = " (use --node-image with an image every node has)" if "image" in reason else ""
        return NodeClock(nid, name, error=f"the clock job failed on node {name}: {reason}{hint}")
    earliest, latest = times[nid]
    return NodeClock(nid, name, low=earliest - seen_at, high=latest - started)
