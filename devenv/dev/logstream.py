"""`devenv up` in the foreground: the services' logs, prefixed by service and coloured.

Containers come and go (a restart starts the same container again, a rebuild replaces it),
so the streamer follows the engine's `start` events and attaches to each run of each
container from the moment it started: nothing is printed twice, nothing is lost. It follows
the `die` events too, and reports a death devenv did not cause (`devenv.dev.exits`).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.text import Text

from devenv import engine
from devenv.dev.exits import Expected, epoch, exit_line

LAST_LINES = 10  # of a container that died at once
COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "bright_red", "bright_cyan")


class Output:
    """The terminal, shared by log lines and devenv's own reports."""

    def __init__(self, services: Iterable[str], console: Console | None = None) -> None:
        self.console = console or Console(highlight=False, soft_wrap=True)
        names = [*services, "devenv"]
        self.width = max(len(n) for n in names)
        self.styles = {n: COLOURS[i % len(COLOURS)] for i, n in enumerate(names)}
        self.styles["devenv"] = "bold"
        self._lock = threading.Lock()

    def line(self, source: str, text: str | Text) -> None:
        prefix = Text(f"{source:<{self.width}} | ", style=self.styles.get(source, "white"))
        body = text if isinstance(text, Text) else Text(text)
        with self._lock:
            self.console.print(prefix + body)

    def note(self, text: str, style: str = "") -> None:
        self.line("devenv", Text(text, style=style))


# `docker compose logs`' prefix: the container's name in the project (`web-1`), padded, `|`.
_COMPOSE_PREFIX = re.compile(r"^(?P<name>\S+?)-(?P<index>\d+) *\|(?: (?P<text>.*))?$")


def compose_log_line(line: str, services: Iterable[str]) -> tuple[str, str] | None:
    """A line of `docker compose logs` as (service, text), for `Output.line`: `devenv logs`
    then reads as `devenv up` does (`web    | ...`, not `web-1  | ...`). None: no service's
    line (Compose's own, or a name that is no service of the config)."""
    found = _COMPOSE_PREFIX.match(line)
    if found is None or found["name"] not in set(services):
        return None
    return found["name"], found["text"] or ""


def split_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """Whole lines out of a stream of byte chunks (the last one even without a newline)."""
    rest = b""
    for chunk in chunks:
        rest += chunk
        *lines, rest = rest.split(b"\n")
        for raw in lines:
            yield raw.decode("utf-8", "replace").rstrip("\r")
    if rest:
        yield rest.decode("utf-8", "replace").rstrip("\r")


class LogStreamer:
    """Follows the logs of the given services of a Compose project."""

    def __init__(
        self,
        project: str,
        services: Iterable[str],
        out: Output,
        expected: Expected | None = None,
    ) -> None:
        self.project = project
        self.services = set(services)
        self.out = out
        self.expected = expected or Expected()
        self._attached: dict[str, float] = {}
        self._lock = threading.Lock()
        self._events: Any = None
        self._since = 0.0

    def start(self, since: float) -> None:
        """Attach to the running containers and to every container started from now on."""
        self._since = since
        api = engine.client().api
        labels = [f"{engine.PROJECT_LABEL}={self.project}"]
        self._events = api.events(
            decode=True,
            filters={"type": "container", "event": ["start", "die"], "label": labels},
        )
        threading.Thread(target=self._follow_events, daemon=True).start()
        for info in engine.project_containers(self.project, running=True):
            self._attach(str(info["Id"]), info.get("Labels", {}), since)

    def stop(self) -> None:
        if self._events is not None:
            self._events.close()

    def _follow_events(self) -> None:
        try:
            for event in self._events:
                actor = event.get("Actor", {})
                container = str(actor.get("ID", event.get("id")))
                attributes = actor.get("Attributes", {})
                if (event.get("Action") or event.get("status")) == "die":
                    self._died(container, attributes)
                    continue
                started = int(event.get("timeNano", 0)) / 1e9 or time.time()
                self._attach(container, attributes, self._run_began(container, started))
        except Exception:  # the stream closes when devenv stops: nothing to report
            return

    def _run_began(self, container: str, started: float) -> float:
        # The start event is stamped a few ms after the process runs: what a container prints
        # at once (the reason it exits at once) would be cut off. Its previous run ended
        # before this one began, so logs since then are this run's, whole.
        try:
            state = engine.client().api.inspect_container(container).get("State", {})
        except Exception:
            return started
        finished = epoch(str(state.get("FinishedAt", "")))
        if finished < started:
            return max(finished + 1e-6, 1.0)
        # This run is over already (it died at once): the previous run's end is gone, and
        # its start, taken a little early, is the best bound left.
        return max(epoch(str(state.get("StartedAt", ""))) - 0.05, 1.0)

    def _attach(self, container: str, labels: dict[str, str], since: float) -> None:
        service = labels.get(engine.SERVICE_LABEL, "")
        if self.services and service not in self.services:
            return
        with self._lock:
            # A stream attached after this run started already follows it.
            if self._attached.get(container, 0.0) >= since:
                return
            self._attached[container] = time.time()
        args = (container, service, since)
        threading.Thread(target=self._stream, args=args, daemon=True).start()

    def report_exited(self) -> None:
        """Report the containers that died while Compose started the stack (deaths are not
        news then: Compose recreates what changed), as their events would have been."""
        api = engine.client().api
        for info in engine.project_containers(self.project, running=False):
            if info.get("State") != "exited":
                continue
            container = str(info["Id"])
            finished = api.inspect_container(container).get("State", {}).get("FinishedAt", "")
            if epoch(str(finished)) < self._since:
                continue  # stopped before this `up`, and Compose did not start it
            labels = info.get("Labels", {})
            # Reported here; an event still on its way is then devenv's to drop.
            self.expected.expect([container], time.monotonic())
            name = str((info.get("Names") or [container[:12]])[0]).lstrip("/")
            self._report(container, labels.get(engine.SERVICE_LABEL, ""), name, None)

    def _died(self, container: str, attributes: dict[str, str]) -> None:
        if self.expected.consume(container, time.monotonic()):
            return
        code = int(attributes.get("exitCode", "0") or 0)
        name = attributes.get("name", container[:12])
        self._report(container, attributes.get(engine.SERVICE_LABEL, ""), name, code)

    def _report(self, container: str, service: str, name: str, code: int | None) -> None:
        if not service or (self.services and service not in self.services):
            return
        try:
            info = engine.client().api.inspect_container(container)
        except Exception:  # removed already (a `docker rm -f`): it cannot come back
            self.out.note(f"{service} exited with code {code} and was removed", "red")
            return
        if code is None:
            code = int(info.get("State", {}).get("ExitCode", 0))
        state = info.get("State", {})
        policy = info.get("HostConfig", {}).get("RestartPolicy", {}) or {}
        name_ = str(policy.get("Name") or "no")
        if name_ == "on-failure" and policy.get("MaximumRetryCount"):
            name_ += f":{policy['MaximumRetryCount']}"
        # The engine marks the container Restarting before it sends the event, when it will.
        restarting = bool(state.get("Restarting") or state.get("Running"))
        style = "yellow" if restarting else "red"
        self.out.note(exit_line(service, code, name_, restarting, name), style)
        if epoch(str(state.get("FinishedAt", ""))) - epoch(str(state.get("StartedAt", ""))) < 2:
            # Died at once: why is in its last lines, which the log stream may have missed.
            raw = engine.client().api.logs(container, tail=LAST_LINES)
            for line in split_lines([raw] if isinstance(raw, bytes) else []):
                self.out.note(f"  {line}", style)

    def _stream(self, container: str, service: str, since: float) -> None:
        api = engine.client().api
        try:
            chunks = api.logs(container, stream=True, follow=True, since=max(since, 1.0))
            for line in split_lines(chunks):
                self.out.line(service, line)
        except Exception:  # the container went away: its next start attaches again
            return
