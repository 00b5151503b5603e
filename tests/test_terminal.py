"""The terminal helpers the commands share: asking before a deploy, and signals."""

from __future__ import annotations

import signal
import threading

import pytest

from devenv import terminal as cmd
from devenv.errors import DevenvError


def test_yes_answers_and_a_pipe_must_say_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cmd.confirmer(True)("Promote?")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(DevenvError, match="Not a terminal: pass --yes"):
        cmd.confirmer(False)("Promote?")


def test_sigterm_unwinds_like_ctrl_c() -> None:
    import os

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), cmd.term_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) is before


def test_stop_on_signals_sets_the_event_and_restores_the_handlers() -> None:
    import os

    before = signal.getsignal(signal.SIGINT)
    with cmd.stop_on_signals() as stop:
        assert isinstance(stop, threading.Event)
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.wait(2)
    assert signal.getsignal(signal.SIGINT) is before


def test_signals_that_came_in_ignored_are_heard() -> None:
    import signal

    from devenv.terminal import listen_to_signals

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for sig in saved:
            signal.signal(sig, signal.SIG_IGN)  # as a script's background job starts
        listen_to_signals()
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        listen_to_signals()  # a handler already there is left alone
        assert signal.getsignal(signal.SIGTERM) is signal.default_int_handler
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)
