"""Files as devenv writes and shows them: atomic writes (a crash or a full disk never leaves
half a file behind), and the one way a path is shown to the user."""

from __future__ import annotations

import contextlib
import os
import tempfile
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


def atomic_write(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
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
