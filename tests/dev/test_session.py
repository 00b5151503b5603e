"""One dev loop per project (issue 16, item 1): the flock on .devenv/session.lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devenv.dev import session
from devenv.dev.session import Holder, busy_message, parse_record
from devenv.errors import EXIT_BAD_INPUT, DevenvError

REPO = Path(__file__).resolve().parent.parent.parent
HOLD = """\
import sys, time
from pathlib import Path
from devenv.dev import session
with session.hold(Path(sys.argv[1]), "up"):
    print("held", flush=True)
    time.sleep(120)
"""


def test_a_second_session_names_the_first_and_exits_2(tmp_path: Path) -> None:
    dev = tmp_path / ".devenv"
    with session.hold(dev, "up"), pytest.raises(DevenvError) as caught, session.hold(dev, "watch"):
        pytest.fail("two sessions at once")
    assert caught.value.exit_code == EXIT_BAD_INPUT
    message = caught.value.message
    assert f"`devenv up` (pid {os.getpid()}, since " in message
    assert "`devenv watch` would handle every edit a second time" in message


def test_the_lock_is_free_and_the_record_empty_after_the_block(tmp_path: Path) -> None:
    dev = tmp_path / ".devenv"
    with session.hold(dev, "up"):
        record = parse_record((dev / "session.lock").read_text())
        assert record is not None
        assert record.pid == os.getpid()
        assert record.command == "up"
    assert (dev / "session.lock").read_text() == ""
    with session.hold(dev, "watch"):  # free again
        pass


def test_a_stale_record_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    dev = tmp_path / ".devenv"
    dev.mkdir()
    stale = {"pid": 999999, "command": "up", "since": "2026-01-01T00:00:00+00:00"}
    (dev / "session.lock").write_text(json.dumps(stale))
    with session.hold(dev, "up"):
        record = parse_record((dev / "session.lock").read_text())
        assert record is not None
        assert record.pid == os.getpid()


def test_a_killed_holder_releases_the_project(tmp_path: Path) -> None:
    dev = tmp_path / ".devenv"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(dev)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "held\n"
        with (
            pytest.raises(DevenvError, match=rf"\(pid {proc.pid}, since "),
            session.hold(dev, "up"),
        ):
            pass
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    deadline = time.monotonic() + 5
    while True:  # the kernel drops the lock with the process
        try:
            with session.hold(dev, "up"):
                break
        except DevenvError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


@pytest.mark.parametrize("text", ["", "not json", "{}", '{"pid": "x", "command": 1}', "[1]"])
def test_an_unreadable_record_is_none(text: str) -> None:
    assert parse_record(text) is None


def test_busy_message_without_a_record_still_says_what_to_do(tmp_path: Path) -> None:
    message = busy_message(None, "up", tmp_path)
    assert message.startswith("another devenv process already runs")
    assert "kill <pid>" in message
    named = busy_message(Holder(42, "watch", "2026-12-02T06:00:00+01:00"), "up", tmp_path)
    assert "`devenv watch` (pid 42, since 2026-12-02T06:00:00+01:00)" in named
    assert "`kill 42`" in named
