"""`devenv up`: build and start the dev stack, stream its logs, reload on file changes (issue 4).

In the foreground, Ctrl-C, SIGINT or SIGTERM stops the watcher and the stack's containers,
like `docker compose up`, and exits 0; `--detach` starts the stack and returns.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

from devenv import engine
from devenv.config import load_config
from devenv.dev import stackfile as devstack
from devenv.errors import EXIT_FAILED, DevenvError
from devenv.terminal import stop_on_signals


def run(
    *,
    config: Path | None,
    services: Sequence[str] = (),
    detach: bool = False,
    watch: bool = True,
    build: bool = True,
    profiles: Sequence[str] = (),
) -> int:
    cfg = load_config(config)
    names = devstack.select(cfg, services)
    engine.check()
    stack = devstack.write_compose(cfg)
    # Compose profiles (dev.profiles): those services start only when named here
    chosen = [arg for p in profiles for arg in ("--profile", p)]
    up_args = [
        *chosen,
        "up",
        "-d",
        "--remove-orphans",
        "--build" if build else "--no-build",
        *names,
    ]
    if detach:
        _compose_up(stack, up_args)
        return 0

    from devenv.dev.logstream import LogStreamer, Output
    from devenv.dev.reloader import Reloader

    out = Output(names or cfg.services)
    devstack.reset_state(cfg)
    with stop_on_signals() as stop:
        logs = LogStreamer(stack.project, names, out)
        logs.start(since=time.time())
        try:
            # Ctrl-C while Compose builds or starts: Compose stops, and so does devenv, with 0.
            _compose_up(stack, up_args, interrupted=stop)
            if watch and not stop.is_set():
                out.note("watching for changes; Ctrl-C stops the stack")
                Reloader(cfg, stack, out, names).run(stop)
            else:
                stop.wait()
        finally:
            logs.stop()
            out.note("stopping…")
            # Its own session: a second Ctrl-C must not cut the stop short.
            engine.compose(stack, "stop", *names, *devstack.holders(stack, names), own_session=True)
    return 0


def _compose_up(
    stack: engine.ComposeStack, args: list[str], interrupted: threading.Event | None = None
) -> None:
    code = engine.compose(stack, *args).returncode
    if code != 0 and not (interrupted and interrupted.is_set()):
        raise DevenvError("`docker compose up` failed (its output is above)", exit_code=EXIT_FAILED)
