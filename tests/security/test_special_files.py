"""Issue 14, item 5: a config or `.env` that is a FIFO (or a device, or a socket) is refused
at once; only regular files are read. Run in a child with a timeout: the old code hung."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

CONFIG = "project: app\nservices:\n  web: {image: 'nginx:1.27'}\n"


def devenv(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "devenv", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"devenv {' '.join(args)} hung on a special file")


def test_a_config_that_is_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "devenv.yaml")
    for args in (["render", "dev"], ["lint"]):
        done = devenv(tmp_path, *args)
        assert done.returncode == 2, done.stderr
        assert "devenv.yaml: cannot read: not a regular file" in done.stderr


def test_a_dotenv_that_is_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "devenv.yaml").write_text(CONFIG)
    os.mkfifo(tmp_path / ".env")
    done = devenv(tmp_path, "render", "dev")
    assert done.returncode == 2, done.stderr
    assert ".env: cannot read: not a regular file" in done.stderr


def test_a_device_and_a_socket(tmp_path: Path) -> None:
    (tmp_path / "devenv.yaml").write_text(CONFIG)
    (tmp_path / ".env").symlink_to("/dev/zero")  # would be read forever
    done = devenv(tmp_path, "render", "dev")
    assert done.returncode == 2, done.stderr
    assert ".env: cannot read: not a regular file" in done.stderr
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "sock.yaml"))
        done = devenv(tmp_path, "render", "dev", "-c", "sock.yaml")
    finally:
        sock.close()
    assert done.returncode == 2, done.stderr
    assert "sock.yaml: cannot read: not a regular file" in done.stderr


def test_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    done = devenv(tmp_path, "render", "dev", "-c", "conf")
    assert done.returncode == 2, done.stderr
    assert "conf: cannot read: a folder" in done.stderr
