"""`devenv promote`: gates, build, push, pin, deploy, converge, record (issue 6)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from devenv.errors import DevenvError


def say(line: str) -> None:
    print(line, flush=True)


def confirmer(yes: bool) -> Callable[[str], bool]:
    """`--yes` answers; a terminal is asked; anything else must say --yes explicitly."""

    def ask(question: str) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            raise DevenvError(f"{question} Not a terminal: pass --yes to deploy without asking")
        import typer

        return bool(typer.confirm(question, default=False))

    return ask


@contextmanager
def term_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so that the deploy lock is released on the way out."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def check_numbers(timeout: float, lock_wait: float) -> None:
    if not timeout > 0:
        raise DevenvError(f"--timeout {timeout:g}: give a number of seconds above 0")
    if lock_wait < 0:
        raise DevenvError(f"--lock-wait {lock_wait:g}: give a number of seconds, 0 or more")


def run(
    *,
    config: Path | None,
    tag: str | None = None,
    target: str = "swarm",
    context: str | None = None,
    dry_run: bool = False,
    yes: bool = False,
    skip_ntp: bool = False,
    timeout: float = 300.0,
    lock_wait: float = 60.0,
    break_lock: bool = False,
) -> int:
    from devenv.config import load_config
    from devenv.prod import promote

    check_numbers(timeout, lock_wait)
    cfg = load_config(config)
    opts = promote.Options(
        tag, target, context, dry_run, yes, skip_ntp, timeout, lock_wait, break_lock
    )
    with term_as_interrupt():
        return promote.promote(cfg, opts, say, confirmer(yes))
