"""`devenv restart [SERVICE...]`: restart dev services' containers, as `docker compose
restart` does, and say when each one runs again (and is healthy, where it has a check).

The network holders are left alone: a service's network, published ports and the address
others reach it at stay up across its restart, as they do across a reload.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from devenv import engine, terminal
from devenv.config import load_config
from devenv.dev import stackfile as devstack
from devenv.errors import EXIT_FAILED, DevenvError


def run(*, config: Path | None, services: tuple[str, ...] = ()) -> int:
    from devenv.dev.reloader import HEALTH_TIMEOUT  # as long as a reload waits for health

    cfg = load_config(config)
    names = devstack.select(cfg, services) or tuple(cfg.services)
    engine.check()
    stack = devstack.current(cfg)
    found = {name: engine.containers(stack.project, name) for name in names}
    missing = [name for name, ids in found.items() if not ids]
    if services and missing:  # asked for by name: it must be there
        raise DevenvError(
            f"{missing[0]} has no container: start the stack with `devenv up`"
            + ("" if len(missing) == 1 else f" ({len(missing)} services have none)")
        )
    targets = [name for name in names if found[name]]
    if not targets:
        raise DevenvError(f"{stack.project} is not up: start it with `devenv up`")
    began = time.monotonic()
    # --no-deps: a holder is a dependency of its service in Compose's eyes.
    if engine.compose(stack, "restart", "--no-deps", *targets).returncode != 0:
        raise DevenvError(
            "`docker compose restart` failed (its output is above)", exit_code=EXIT_FAILED
        )
    failed = False
    for name in targets:
        for cid in engine.containers(stack.project, name):
            health = engine.wait_healthy(cid, HEALTH_TIMEOUT)
            took = time.monotonic() - began
            if health in ("none", "healthy"):
                extra = ", healthy" if health == "healthy" else ""
                terminal.say(f"{name}: restarted in {took:.2f} s{extra}")
            else:
                failed = True
                print(f"{name}: restarted but {health} after {took:.2f} s", file=sys.stderr)
    return EXIT_FAILED if failed else 0
