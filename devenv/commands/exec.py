"""`devenv exec SERVICE CMD...`: run a command in a running service's container."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from devenv import engine
from devenv.config import load_config
from devenv.dev import stackfile as devstack
from devenv.errors import DevenvError


def run(*, config: Path | None, service: str, command: Sequence[str]) -> int:
    if not command:
        raise DevenvError("give the command to run: devenv exec SERVICE CMD [ARG...]")
    cfg = load_config(config)
    devstack.select(cfg, [service])
    engine.check_compose()
    stack = devstack.current(cfg)
    tty = [] if sys.stdin.isatty() and sys.stdout.isatty() else ["-T"]
    # The command's own exit code is devenv's: scripts can rely on it.
    return engine.compose(stack, "exec", *tty, service, *command).returncode
