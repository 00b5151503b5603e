"""Clock checks for `devenv ntp` (issue 5): the host, the Docker engine and the swarm nodes.

Every offset here is *reference time minus the clock checked*, in the sign convention of
NTP and ntplib: positive means the clock is behind. Every check also carries how sure it is
(`delay`): the true offset lies within half of it of the reported one.

The checks run in threads at the same time, each under the same timeout, so a run takes
about as long as the slowest answer; `check_clocks` never waits much past the timeout.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, Generic, TypeVar

import ntplib

DEFAULT_PORT = 123
DEFAULT_NODE_IMAGE = "busybox:1.36"
_PACKET_SIZE = 48
# Time left, past the timeout, for the node job to be removed.
CLEANUP_GRACE = 3.0
_DONE_STATES = frozenset({"complete", "failed", "rejected", "shutdown", "orphaned", "remove"})
# busybox `date` has no %N; `adjtimex` reads the kernel clock to the microsecond.
_NODE_SCRIPT = 'adjtimex 2>/dev/null | grep "time.tv_" || echo "time.tv_sec: $(date +%s)"'

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Server:
    host: str
    port: int = DEFAULT_PORT

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


_SERVER = re.compile(
    r"\[(?P<v6>[0-9A-Fa-f:.]+)\](?::(?P<v6port>\d+))?"
    r"|(?P<bare6>[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)"
    r"|(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(?P<port>\d+))?"
)


def parse_server(text: str) -> Server:
    """`host`, `host:port`, `[v6]:port` or a bare IPv6 address; ValueError says what is wrong."""
    m = _SERVER.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not HOST or HOST:PORT")
    host = m["v6"] or m["bare6"] or m["host"]
    port = int(m["v6port"] or m["port"] or DEFAULT_PORT)
    if not 1 <= port <= 65535:
        raise ValueError(f"{text!r}: port {port} is not between 1 and 65535")
    return Server(host, port)


@dataclass(frozen=True)
class Failed:
    """A measurement that gave no usable answer; `error` says which and why, in one line."""

    error: str


@dataclass(frozen=True)
class Answer:
    """One well-formed NTP reply."""

    server: Server
    offset: float  # seconds, server time minus this host's clock
    delay: float  # seconds, round trip minus the server's own processing
    stratum: int
    leap: int
    ref_id: str

    @property
    def unsynchronised(self) -> str | None:
        """Why the server says its own clock is not a time source, or None."""
        if self.leap == 3:
            return "leap indicator 3"
        if self.stratum == 0:
            return f"stratum 0, kiss code {self.ref_id or '?'}"
        if self.stratum >= 16:
            return f"stratum {self.stratum}"
        return None


def query(server: Server, timeout: float) -> Answer | Failed:
    """Ask one server for the time (NTPv4 client mode), waiting at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    try:
        family, _, _, _, addr = socket.getaddrinfo(
            server.host, server.port, type=socket.SOCK_DGRAM
        )[0]
    except (OSError, UnicodeError) as exc:
        return Failed(f"cannot resolve {server.host}: {why(exc)}")
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(max(0.001, deadline - time.monotonic()))
        try:
            # Connected, so the kernel drops datagrams from anyone else and reports ICMP errors.
            sock.connect(addr)
            packet = ntplib.NTPPacket(
                version=4, mode=3, tx_timestamp=ntplib.system_to_ntp_time(time.time())
            )
            request = packet.to_data()
            sock.send(request)
            data = sock.recv(1024)
            received_at = time.time()
        except TimeoutError:
            return Failed(f"no answer from {server} within {timeout:g} s")
        except ConnectionRefusedError:
            return Failed(f"{server} refused the query: no NTP server listens there")
        except OSError as exc:
            return Failed(f"cannot reach {server}: {why(exc)}")
    return parse_reply(server, request, data, received_at)


def parse_reply(server: Server, request: bytes, data: bytes, received_at: float) -> Answer | Failed:
    """Check an NTP reply to `request` for sense, and compute offset and delay from it."""
    if len(data) < _PACKET_SIZE:
        return Failed(f"{server} sent a truncated packet ({len(data)} bytes, NTP needs 48)")
    stats = ntplib.NTPStats()
    stats.from_data(data)
    if stats.version not in (3, 4):
        return Failed(f"{server} answered with NTP version {stats.version}, not 3 or 4")
    if stats.mode != 4:
        return Failed(f"{server} answered in NTP mode {stats.mode}, not as a server (mode 4)")
    # A server copies our transmit timestamp into its origin field, bit for bit (RFC 5905).
    if data[24:32] != request[40:48]:
        return Failed(f"{server} answered some other request (its origin timestamp is not ours)")
    stats.dest_timestamp = ntplib.system_to_ntp_time(received_at)
    return Answer(
        server, stats.offset, stats.delay, stats.stratum, stats.leap, _ref_id(data, stats.stratum)
    )


def _ref_id(data: bytes, stratum: int) -> str:
    raw = data[12:16]
    if stratum <= 1:  # a four-letter code: the clock source, or a kiss code
        return "".join(chr(b) for b in raw if 32 < b < 127)
    return ".".join(str(b) for b in raw)


def docker_host() -> str:
    return os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"


@contextmanager
def docker_client(timeout: float) -> Iterator[Any]:
    """`docker.from_env`, closed afterwards; a unix socket is tried first, since the SDK
    leaks its socket when the connection is refused."""
    import docker

    host = docker_host()
    if host.startswith("unix://"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(timeout)
            try:
                probe.connect(host.removeprefix("unix://"))
            except OSError as exc:
                raise ConnectionError(f"nothing answers there: {why(exc)}") from None
    client = docker.from_env(timeout=timeout)
    try:
        yield client
    finally:
        client.close()


@dataclass(frozen=True)
class EngineClock:
    lead: float  # seconds, engine clock minus this host's clock
    rtt: float  # seconds, round trip of the API request it was read in


def read_engine_clock(timeout: float, samples: int = 3) -> EngineClock | Failed:
    """The engine's clock from `GET /info` (`SystemTime`), the best of a few round trips."""
    deadline = time.monotonic() + timeout
    best: EngineClock | None = None
    try:
        with docker_client(timeout) as client:
            best = _best_sample(client, samples, deadline)
    except Exception as exc:  # the SDK raises requests, urllib3 and docker errors alike
        return Failed(f"cannot read the clock of the Docker engine at {docker_host()}: {why(exc)}")
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
        with docker_client(timeout) as client:
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


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    target: str  # "host", "engine" or "node:<id>"
    server: str
    offset_ms: float | None
    delay_ms: float | None
    stratum: int | None
    ok: bool
    error: str | None
    note: str = field(default="", compare=False)  # the text line when ok

    def to_json(self) -> dict[str, object]:
        keys = ("target", "server", "offset_ms", "delay_ms", "stratum", "ok", "error")
        return {k: getattr(self, k) for k in keys}


@dataclass(frozen=True)
class Report:
    max_offset_ms: float
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "max_offset_ms": self.max_offset_ms,
            "checks": [c.to_json() for c in self.checks],
        }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _direction(offset_ms: float) -> str:
    return "behind" if offset_ms > 0 else "ahead of"


def host_checks(results: Sequence[tuple[Server, Answer | Failed]], max_ms: float) -> list[Check]:
    checks = [_host_check(server, r, max_ms) for server, r in results]
    synced = [r for _, r in results if isinstance(r, Answer) and r.unsynchronised is None]
    if len(synced) >= 2:
        checks.append(_agreement(synced, max_ms))
    return checks


def _host_check(server: Server, r: Answer | Failed, max_ms: float) -> Check:
    if isinstance(r, Failed):
        return Check("host", str(server), None, None, None, False, r.error)
    # A kiss-o'-death (stratum 0) carries no time.
    offset = None if r.stratum == 0 else _ms(r.offset)
    error = None
    if r.unsynchronised:
        error = f"{server} reports itself unsynchronised ({r.unsynchronised}): do not follow it"
    elif offset is not None and abs(offset) > max_ms:
        error = (
            f"host clock is {abs(offset):.1f} ms {_direction(offset)} {server} (max {max_ms:g} ms)"
        )
    note = (
        f"offset {_ms(r.offset):+.1f} ms, delay {_ms(r.delay):.1f} ms, "
        f"stratum {r.stratum}, ref {r.ref_id or '-'}"
    )
    return Check("host", str(server), offset, _ms(r.delay), r.stratum, error is None, error, note)


def _agreement(answers: Sequence[Answer], max_ms: float) -> Check:
    low = min(answers, key=lambda a: a.offset)
    high = max(answers, key=lambda a: a.offset)
    spread = _ms(high.offset - low.offset)
    servers = ",".join(str(a.server) for a in answers)
    error = None
    if spread > max_ms:
        error = (
            f"{low.server} and {high.server} disagree by {spread:.1f} ms (max {max_ms:g} ms): "
            "every host must follow one time source"
        )
    note = f"servers agree within {spread:.1f} ms"
    return Check("host", servers, spread, None, None, error is None, error, note)


def reference(results: Sequence[tuple[Server, Answer | Failed]]) -> Answer | None:
    """The first server, in the order given, that answered and is synchronised."""
    for _, r in results:
        if isinstance(r, Answer) and r.unsynchronised is None:
            return r
    return None


_NO_REFERENCE = "no NTP server answered in sync, so there is no time to compare with"


def engine_check(clock: EngineClock | Failed, ref: Answer | None, max_ms: float) -> Check:
    server = str(ref.server) if ref else ""
    if isinstance(clock, Failed):
        return Check("engine", server, None, None, None, False, clock.error)
    if ref is None:
        return Check("engine", server, None, _ms(clock.rtt), None, False, _NO_REFERENCE)
    offset = _ms(ref.offset - clock.lead)
    error = None
    if abs(offset) > max_ms:
        error = (
            f"engine clock is {abs(offset):.1f} ms {_direction(offset)} "
            f"NTP time from {server} (max {max_ms:g} ms)"
        )
    note = f"offset {offset:+.1f} ms, round trip {_ms(clock.rtt):.1f} ms (Engine API system time)"
    return Check("engine", server, offset, _ms(clock.rtt), None, error is None, error, note)


def node_checks(clocks: list[NodeClock] | Failed, ref: Answer | None, max_ms: float) -> list[Check]:
    if isinstance(clocks, Failed):
        return [Check("node:*", "", None, None, None, False, clocks.error)]
    return [_node_check(c, ref, max_ms) for c in clocks]


def _node_check(clock: NodeClock, ref: Answer | None, max_ms: float) -> Check:
    target, server = f"node:{clock.node[:12]}", str(ref.server) if ref else ""
    if clock.skipped:
        return Check(target, server, None, None, None, True, None, clock.skipped)
    if clock.error or clock.low is None or clock.high is None:
        return Check(target, server, None, None, None, False, clock.error)
    if ref is None:
        return Check(target, server, None, None, None, False, _NO_REFERENCE)
    # The job's timing only bounds the node's clock: fail when it is over the threshold
    # for sure, and say how coarse the bound is.
    offset = _ms(ref.offset - (clock.low + clock.high) / 2)
    width = _ms(clock.high - clock.low)
    least = abs(offset) - width / 2
    error = None
    if least > max_ms:
        error = (
            f"node {clock.hostname} clock is at least {least:.0f} ms {_direction(offset)} "
            f"NTP time from {server} (max {max_ms:g} ms)"
        )
    note = (
        f"offset {offset:+.0f} ms ±{width / 2:.0f} ms ({clock.hostname}; "
        "a swarm job cannot tell closer)"
    )
    return Check(target, server, offset, width, None, error is None, error, note)


class Background(Generic[T]):
    """A call running in a daemon thread, so that a stuck one cannot hold up the exit."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._out: list[T] = []
        self._exc: list[BaseException] = []
        self._done = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            self._out.append(self._fn())
        except BaseException as exc:  # handed to the caller, who reports it as a bug
            self._exc.append(exc)
        finally:
            self._done.set()

    def result(self, deadline: float, late: U) -> T | U:
        self._done.wait(max(0.0, deadline - time.monotonic()))
        if self._exc:
            raise self._exc[0]
        return self._out[0] if self._out else late


@dataclass(frozen=True)
class Options:
    servers: tuple[Server, ...]
    max_offset_ms: float = 100.0
    timeout: float = 5.0
    engine: bool = True
    nodes: bool = False
    node_image: str = DEFAULT_NODE_IMAGE


def check_clocks(opts: Options) -> Report:
    """Run every check at once; the answers that are not in by the timeout count as failed."""
    start, timeout = time.monotonic(), opts.timeout
    queries = [(s, Background(partial(query, s, timeout))) for s in opts.servers]
    engine = Background(partial(read_engine_clock, timeout)) if opts.engine else None
    nodes = Background(partial(read_node_clocks, opts.node_image, timeout)) if opts.nodes else None
    # getaddrinfo has no timeout of its own: past this, a query is given up on.
    soon = start + timeout + 0.2
    results = [
        (s, q.result(soon, Failed(f"no answer from {s} within {timeout:g} s"))) for s, q in queries
    ]
    ref = reference(results)
    checks = host_checks(results, opts.max_offset_ms)
    if engine is not None:
        late = Failed(f"no answer from the Docker engine within {timeout:g} s")
        checks.append(engine_check(engine.result(soon, late), ref, opts.max_offset_ms))
    if nodes is not None:
        late_nodes = Failed(f"the clock job did not finish within {timeout:g} s")
        clocks = nodes.result(start + timeout + CLEANUP_GRACE, late_nodes)
        checks.extend(node_checks(clocks, ref, opts.max_offset_ms))
    return Report(opts.max_offset_ms, tuple(checks))


def why(exc: BaseException) -> str:
    """The first line of an exception's message: SDK errors can run over many lines."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).strip().splitlines()[0]
