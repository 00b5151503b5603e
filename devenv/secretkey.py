"""The per-project key that names production secrets without fingerprinting their value.

A secret's Swarm name must stay the same while its content does (Swarm secrets cannot change
in place, so a new name churns the services), yet `<name>-<sha256 prefix>` let anyone who
reads `docker secret ls` or a release record test guesses of a low-entropy value offline.
The name's suffix is an HMAC-SHA256 of the content under this key instead. The key is made
once per project and user, in the user's state folder (never in the project folder), mode
0600, and never printed, rendered or recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import stat
from pathlib import Path

from devenv.errors import DevenvError
from devenv.fsutil import state_home

KEY_BYTES = 32


def key_path(project: str) -> Path:
    slug = re.sub(r"[^a-zA-Z0-9_.-]+", "-", project) or "project"
    return state_home() / "devenv" / "keys" / f"{slug}.key"


def secret_digest(key: bytes, content: bytes) -> str:
    """The 10 hex digits a secret's name ends with."""
    return hmac.new(key, content, hashlib.sha256).hexdigest()[:10]


def project_key(project: str) -> bytes:
    """This project's key on this machine, made on first use."""
    path = key_path(project)
    for _ in range(2):
        try:
            return _read(path)
        except FileNotFoundError:
            _create(path)
    return _read(path)


def _read(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise DevenvError(f"{path}: cannot read the secret-naming key: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise DevenvError(f"{path}: the secret-naming key is not a regular file")
        data = fh.read(KEY_BYTES + 1)
    if len(data) != KEY_BYTES:
        raise DevenvError(
            f"{path}: not a devenv key ({KEY_BYTES} bytes expected): remove it to make a new "
            "one (file-based secrets then get new names on the next promote)"
        )
    return data


def _create(path: Path) -> None:
    """Write the key whole under a temporary name, then link it into place: a concurrent
    first use either wins or reads the winner's key, never a half-written one."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(KEY_BYTES))
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError as exc:
        raise DevenvError(f"{path}: cannot create the secret-naming key: {exc.strerror}") from None
