"""The one exception type for expected failures, caught once in `devenv.cli.main`."""

from __future__ import annotations

import math
from collections.abc import Sequence

#: Exit codes: 0 ok, 1 a check failed, 2 bad input or environment, 3 a bug in devenv.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BUG = 3

PathPart = str | int


def format_key_path(path: Sequence[PathPart]) -> str:
    """`("services", "web", "ports", 1)` -> `services.web.ports[1]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class DevenvError(Exception):
    """An expected failure: the message says what went wrong and what to do.

    `exit_code` is 2 for bad input or a missing tool, 1 for a check that failed. It is
    caught in one place, `devenv.cli.DevenvGroup.invoke`.
    """

    def __init__(self, message: str, *, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def positioned(
    file: str, line: int, column: int, message: str, key_path: Sequence[PathPart] = ()
) -> DevenvError:
    """A bad-input error at `file:line:column` (1-based), naming the key path when known."""
    where = f"{file}:{line}:{column}"
    key = format_key_path(key_path)
    return DevenvError(f"{where}: {key}: {message}" if key else f"{where}: {message}")


#: The longest wait any option accepts: a day. Beyond it (or inf, nan) a timer overflows.
MAX_SECONDS = 86_400.0


def check_seconds(flag: str, value: float, *, zero_ok: bool = False) -> None:
    """A number of seconds given on the command line: finite, above 0 (or 0 when `zero_ok`)
    and at most a day, else a DevenvError naming the flag (exit 2)."""
    low_ok = value >= 0 if zero_ok else value > 0
    if not (math.isfinite(value) and low_ok and value <= MAX_SECONDS):
        low = "0 or more" if zero_ok else "above 0"
        raise DevenvError(
            f"{flag} {value:g}: give a number of seconds {low} and at most {MAX_SECONDS:g}"
        )
