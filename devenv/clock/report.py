"""`devenv ntp`'s checks and report (issue 5): the host against each server, the servers
against each other, the engine and the swarm nodes against the reference time.

The readings run in threads at the same time, each under the same timeout, so a run takes
about as long as the slowest answer; `check_clocks` never waits much past the timeout.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Generic, TypeVar

from devenv.clock.nodejob import DEFAULT_NODE_IMAGE, NodeClock, read_node_clocks
from devenv.clock.readings import EngineClock, read_engine_clock
from devenv.clock.wire import Answer, Failed, Server, query
from devenv.errors import DevenvError, check_seconds

# Time left, past the timeout, for the node job to be removed.
CLEANUP_GRACE = 3.0

T = TypeVar("T")
U = TypeVar("U")


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
    bound_ms: float | None = None  # offset_ms is right within ± this (nodes)

    def to_json(self) -> dict[str, object]:
        keys = ("target", "server", "offset_ms", "bound_ms", "delay_ms", "stratum", "ok", "error")
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
    if clock.error or clock.lead is None:
        return Check(target, server, None, None, None, False, clock.error)
    if ref is None:
        return Check(target, server, None, None, None, False, _NO_REFERENCE)
    offset = _ms(ref.offset - clock.lead.offset)
    # The bound of the node's reading against this host; the host against NTP is the host
    # line's, as for the host and the engine checks.
    bound = _ms(clock.lead.bound)
    error, doubt = node_verdict(offset, bound, max_ms)
    if error:
        error = f"node {clock.hostname} clock is {error} NTP time from {server} (max {max_ms:g} ms)"
    note = f"offset {offset:+.1f} ms ±{bound:.1f} ms ({clock.hostname}{doubt})"
    return Check(target, server, offset, None, None, error is None, error, note, bound)


def node_verdict(offset_ms: float, bound_ms: float, max_ms: float) -> tuple[str | None, str]:
    """(how far off for sure, when over `max_ms`; else None), and a doubt to note: a clock
    counts as off only when it is off by more than `max_ms` even at the edge of its bound."""
    least = abs(offset_ms) - bound_ms
    if least > max_ms:
        return f"at least {least:.1f} ms {_direction(offset_ms)}", ""
    if abs(offset_ms) + bound_ms <= max_ms:
        return None, ""
    if bound_ms >= max_ms:
        return None, f"; the bound alone is over {max_ms:g} ms: this reading cannot decide"
    most = abs(offset_ms) + bound_ms
    return None, f"; could be {most:.1f} ms off: cannot tell whether it is within {max_ms:g} ms"


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
    # The node reading starts containers on every node: a caller may give it longer.
    nodes_timeout: float | None = None  # None: `timeout`

    def __post_init__(self) -> None:
        check_seconds("--timeout", self.timeout)
        if not (math.isfinite(self.max_offset_ms) and self.max_offset_ms > 0):
            raise DevenvError(f"--max-offset-ms {self.max_offset_ms:g}: give a number above 0")


def check_clocks(opts: Options) -> Report:
    """Run every check at once; the answers that are not in by the timeout count as failed."""
    start, timeout = time.monotonic(), opts.timeout
    queries = [(s, Background(partial(query, s, timeout))) for s in opts.servers]
    engine = Background(partial(read_engine_clock, timeout)) if opts.engine else None
    nodes_timeout = opts.nodes_timeout or timeout
    nodes = (
        Background(partial(read_node_clocks, opts.node_image, nodes_timeout, CLEANUP_GRACE))
        if opts.nodes
        else None
    )
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
        late_nodes = Failed(f"the clock job did not finish within {nodes_timeout:g} s")
        clocks = nodes.result(start + nodes_timeout + CLEANUP_GRACE + 0.5, late_nodes)
        checks.extend(node_checks(clocks, ref, opts.max_offset_ms))
    return Report(opts.max_offset_ms, tuple(checks))


def print_checks(checks: Sequence[Check]) -> None:
    """One line per check: mark, target, server, then the numbers or what went wrong."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    target_width = max(len(c.target) for c in checks) if checks else 0
    server_width = max(len(c.server) for c in checks) if checks else 0
    for c in checks:
        line = Text()
        line.append("✓ " if c.ok else "✗ ", style="green" if c.ok else "bold red")
        line.append(f"{c.target:<{target_width}}  {c.server:<{server_width}}  ")
        line.append(c.error or c.note, style="red" if c.error else "")
        console.print(line)
