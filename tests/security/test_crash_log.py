"""Issue 14, item 9: a crash's traceback goes to a new file in the user's own state folder
(mode 0600, folder 0700), not to a shared, world-readable /tmp/devenv-crash.log."""

from __future__ import annotations

import re
import stat
import tempfile
from pathlib import Path

import pytest

from devenv import cli
from devenv.commands import schema


def crash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    def boom() -> int:
        raise ValueError("a forced bug")

    monkeypatch.setattr(schema, "run", boom)
    assert cli.main(["schema"]) == 3
    err = capsys.readouterr().err
    found = re.search(r"traceback in (\S+)\. Please report it\.", err)
    assert found, err
    assert "ValueError: a forced bug" in err
    return Path(found[1])


def test_crash_log_is_private_and_one_per_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shared = Path(tempfile.gettempdir()) / "devenv-crash.log"
    before = shared.stat().st_mtime if shared.exists() else None
    first, second = crash(monkeypatch, capsys), crash(monkeypatch, capsys)
    assert first != second
    for log in (first, second):
        assert log.parent == tmp_path / "state" / "devenv"
        assert re.fullmatch(r"crash-\d{8}T\d{6}\.\d{6}Z-\d+\.log", log.name)
        assert stat.S_IMODE(log.lstat().st_mode) == 0o600
        assert "ValueError: a forced bug" in log.read_text()
        assert "Traceback" in log.read_text()
    assert stat.S_IMODE(first.parent.stat().st_mode) == 0o700
    assert (shared.stat().st_mtime if shared.exists() else None) == before


def test_relative_xdg_state_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    monkeypatch.setenv("HOME", str(tmp_path))
    log = crash(monkeypatch, capsys)
    assert log.parent == tmp_path / ".local" / "state" / "devenv"


def test_never_through_a_symlink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link planted at the very name the log will get is not followed: nothing is written
    to its target, and the user is told the traceback was not saved."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(cli, "_crash_name", lambda: "crash-planted.log")
    target = tmp_path / "victim"
    target.write_text("precious\n")
    folder = tmp_path / "state" / "devenv"
    folder.mkdir(parents=True)
    (folder / "crash-planted.log").symlink_to(target)
    monkeypatch.setattr(schema, "run", lambda: 1 // 0)
    assert cli.main(["schema"]) == 3
    assert "the traceback could not be saved" in capsys.readouterr().err
    assert target.read_text() == "precious\n"
