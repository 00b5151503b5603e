"""Containers that die while `devenv up` runs (issue 16, item 4): which deaths to report and
how, as `docker compose up` does (`db exited with code 137`), with what happens next.

Pure but for a lock: the log streamer hands in the engine's `die` events, the reloader
says beforehand which deaths are its own (a restart kills the container, a rebuild removes
it), and `up` says when Compose starts or stops the whole stack.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterable
from datetime import datetime

# Compose's policies that start a dead container again (the engine does it).
RESTARTING_POLICIES = frozenset({"always", "unless-stopped", "on-failure"})


class Expected:
    """The deaths devenv causes itself (a restart kills, a rebuild replaces), not news to the
    user. Each is expected for `WINDOW` seconds from the action that causes it: an action
    that kills nothing (Compose keeps a container whose image did not change) must not hide
    a real death later."""

    WINDOW = 30.0

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._quiet = False
        self._lock = threading.Lock()

    def expect(self, containers: Iterable[str], now: float) -> None:
        """The next death of each of these containers, until `now + WINDOW`, is devenv's doing."""
        with self._lock:
            self._until.update(dict.fromkeys(containers, now + self.WINDOW))

    def quiet(self, on: bool) -> None:
        """While Compose starts the stack (it recreates what changed) or stops it, no death
        is news."""
        with self._lock:
            self._quiet = on

    def consume(self, container: str, now: float) -> bool:
        """True when this death was expected (and forget it: the next one is news)."""
        with self._lock:
            until = self._until.pop(container, None)
            return self._quiet or (until is not None and now <= until)


def epoch(stamp: str) -> float:
    """The engine's `2026-12-02T06:03:54.123456789Z` as seconds since the epoch (0 if not)."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", stamp)
    if not match:
        return 0.0
    whole, fraction, zone = match.groups()
    when = datetime.fromisoformat(whole + ("+00:00" if zone == "Z" else zone))
    return when.timestamp() + float(f"0.{fraction or 0}")


def signal_name(code: int) -> str:
    """`137` -> `SIGKILL`: an exit code above 128 is a process ended by that signal."""
    if 128 < code < 128 + 65:
        try:
            return signal.Signals(code - 128).name
        except ValueError:
            return ""
    return ""


def exit_line(service: str, code: int, policy: str, restarting: bool, container: str) -> str:
    """The report of one death: Compose's words, then why (a signal) and what happens next."""
    killed = signal_name(code)
    line = f"{service} exited with code {code}" + (f" ({killed})" if killed else "")
    if restarting:
        return f"{line}; restarted by its policy (restart: {policy})"
    if policy.startswith("on-failure") and code == 0:
        why = f"restart: {policy}, and it exited 0"
    elif policy.split(":")[0] in RESTARTING_POLICIES:
        # The engine does not restart a container stopped or killed by hand (nor one out of
        # on-failure's retries), whatever the policy.
        why = f"restart: {policy}, but it was stopped by hand or ran out of retries"
    else:
        why = "no restart policy" if policy in ("", "no") else f"restart: {policy}"
    return (
        f"{line}; left stopped ({why}): `docker start {container}` runs it again, "
        "as does its next restart or rebuild"
    )
