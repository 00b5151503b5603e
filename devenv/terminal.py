"""What the commands share at the terminal: printing a progress line, asking before a deploy,
turning SIGINT/SIGTERM into an orderly stop, and warming rich up while a check waits.

Domain code takes a `say` callable instead of printing, so it runs the same under tests.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def listen_to_signals() -> None:
    """Hear SIGINT and SIGTERM even where they came in ignored (issue 16): a script's
    background job (`devenv up &`) starts with SIGINT ignored, and Python then installs no
    handler of its own. As Go's signal.Notify does for Compose, install them explicitly."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_IGN:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM for as long as the block runs."""
    stop = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda _signum, _frame: stop.set())
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def warm_up_rich() -> None:
    """Import rich while the checks wait for their answers: it takes a good 0.1 s."""
    import importlib

    threading.Thread(target=importlib.import_module, args=("rich.console",), daemon=True).start()
