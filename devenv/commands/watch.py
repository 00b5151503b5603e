"""`devenv watch`: hot reload for a dev stack that is already up (issue 4)."""

from __future__ import annotations

from pathlib import Path

from devenv import engine
from devenv.config import load_config
from devenv.dev import session
from devenv.dev import stackfile as devstack
from devenv.errors import DevenvError
from devenv.terminal import listen_to_signals, stop_on_signals


def run(*, config: Path | None) -> int:
    from devenv.dev.logstream import Output
    from devenv.dev.reconfig import compose_services
    from devenv.dev.reloader import Reloader

    listen_to_signals()
    cfg = load_config(config)
    with session.hold(devstack.dev_dir(cfg), "watch"):
        engine.check()
        stack = devstack.write_compose(cfg)
        running = compose_services(engine.project_containers(stack.project, running=True))
        if not running & set(cfg.services):
            raise DevenvError(
                f"{stack.project} is not up: nothing to reload. Start it with `devenv up` "
                "(which watches too), or `devenv up -d` and then `devenv watch`"
            )
        out = Output(cfg.services)
        with stop_on_signals() as stop:
            out.note(f"watching {cfg.root.absolute()} for {stack.project}; Ctrl-C stops watching")
            Reloader(cfg, stack, out).run(stop)
    return 0
