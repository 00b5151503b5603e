"""Files as devenv writes and shows them: atomic writes (a crash or a full disk never leaves
half a file behind), and the one way a path is shown to the user."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
import tempfile
import time
from pathlib import Path

from devenv.errors import DevenvError


def display(path: Path) -> str:
    """A path as the user reads it: relative to the working folder when inside it, else as
    given. Every message and finding that names a file shows it this way."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def state_home() -> Path:
    """The user's own state folder (XDG): $XDG_STATE_HOME when absolute, else ~/.local/state."""
    xdg = os.environ.get("XDG_STATE_HOME", "")
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "state"


def resolve(path: Path) -> Path:
    """`path.resolve()`, with a symlink loop as a DevenvError (exit 2), not a RuntimeError."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        raise DevenvError(f"{display(path)}: cannot read: a loop of symbolic links") from None


def read_regular(path: Path, name: str | None = None) -> bytes:
    """The bytes of a regular file. A FIFO, device or socket is refused before it is opened
    (reading one would block forever or never end); a symlink loop is a DevenvError.
    FileNotFoundError is left to the caller, who knows whether a missing file is fine."""
    name = name or display(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise DevenvError(f"{name}: cannot read: {kind} (only regular files are read)")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            # swapped for a FIFO between the stat and the open: still refused
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise DevenvError(f"{name}: cannot read: not a regular file")
            return fh.read()
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DevenvError(f"{name}: cannot read: a loop of symbolic links") from None
        raise DevenvError(f"{name}: cannot read: {exc.strerror}") from None


#: A temporary file of a write killed before its rename is removed by a later write to the
#: same file once it is this old (a live write finishes in far less).
STALE_TMP_SECONDS = 300.0


def _remove_stale_tmps(folder: Path, name: str) -> None:
    now = time.time()
    for tmp in folder.glob(f".{glob.escape(name)}.*.tmp"):
        with contextlib.suppress(OSError):
            st = tmp.lstat()
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()


def atomic_write(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename.

    A symlink at `path` is kept: its target is written (atomically, beside the target), as
    an editor does. Temporary files a killed write left behind are removed."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_tmps(folder, path.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DevenvError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None and path.exists():
            mode = path.stat().st_mode & 0o7777
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise DevenvError(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
