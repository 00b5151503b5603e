"""`devenv up`: build and start the dev stack, stream its logs, reload on file changes (issue 4).

In the foreground, Ctrl-C, SIGINT or SIGTERM stops the watcher and the stack's containers,
like `docker compose up`, and exits 0; `--detach` starts the stack and returns.

Round two (issue 16): one `up`/`watch` per project (a second one names the first and exits
2), host ports checked free before Compose creates anything, the URLs printed, the `sync`
rules' files copied into the new containers before watching starts, and deaths reported.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

from devenv import engine
from devenv.config import ProjectConfig, load_config
from devenv.dev import ports, session
from devenv.dev import stackfile as devstack
from devenv.errors import EXIT_FAILED, DevenvError
from devenv.terminal import listen_to_signals, say, stop_on_signals


def run(
    *,
    config: Path | None,
    services: Sequence[str] = (),
    detach: bool = False,
    watch: bool = True,
    build: bool = True,
    profiles: Sequence[str] = (),
) -> int:
    listen_to_signals()
    cfg = load_config(config)
    names = devstack.select(cfg, services)
    # One dev loop per project (issue 16): a second `up` says who runs it, before any work.
    with session.hold(devstack.dev_dir(cfg), "up"):
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
        if engine.docker_host().startswith("unix://"):  # the engine's ports are this machine's
            ours = ports.published(engine.project_containers(stack.project, running=True))
            ports.check_free(cfg, names, ours, profiles)
        if detach:
            _compose_up(stack, up_args)
            for url in _urls(cfg, stack):
                say(url)
            return 0
        _foreground(cfg, stack, names, up_args, watch)
    return 0


def _foreground(
    cfg: ProjectConfig,
    stack: engine.ComposeStack,
    names: tuple[str, ...],
    up_args: list[str],
    watch: bool,
) -> None:
    from devenv.dev.exits import Expected
    from devenv.dev.logstream import LogStreamer, Output
    from devenv.dev.reloader import Executor, Reloader

    out = Output(names or cfg.services)
    devstack.reset_state(cfg)
    expected = Expected()
    with stop_on_signals() as stop:
        logs = LogStreamer(stack.project, names, out, expected)
        logs.start(since=time.time())
        try:
            # Ctrl-C while Compose builds or starts: Compose stops, and so does devenv, with 0.
            expected.quiet(True)  # Compose recreates what changed since the last `up`
            _compose_up(stack, up_args, interrupted=stop)
            expected.quiet(False)
            logs.report_exited()
            for url in _urls(cfg, stack) if not stop.is_set() else ():
                out.note(url, "bold")
            executor = Executor(cfg, stack, out, expected)
            for name in names or tuple(cfg.services):
                if not stop.is_set():
                    executor.sync_new(name)
            if watch and not stop.is_set():
                out.note("watching for changes; Ctrl-C stops the stack")
                Reloader(cfg, stack, out, names, expected).run(stop)
            else:
                stop.wait()
        finally:
            expected.quiet(True)
            logs.stop()
            out.note("stopping…")
            # Its own session: a second Ctrl-C must not cut the stop short.
            engine.compose(stack, "stop", *names, *devstack.holders(stack, names), own_session=True)


def _urls(cfg: ProjectConfig, stack: engine.ComposeStack) -> list[str]:
    found = ports.urls(cfg, engine.project_containers(stack.project, running=True))
    return [str(u) for u in found]


def _compose_up(
    stack: engine.ComposeStack, args: list[str], interrupted: threading.Event | None = None
) -> None:
    code = engine.compose(stack, *args).returncode
    if code != 0 and not (interrupted and interrupted.is_set()):
        raise DevenvError("`docker compose up` failed (its output is above)", exit_code=EXIT_FAILED)
