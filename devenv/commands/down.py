"""`devenv down`: remove the dev stack's containers and network (and volumes, if asked)."""

from __future__ import annotations

from pathlib import Path

from devenv import engine
from devenv.config import load_config
from devenv.dev import stackfile as devstack
from devenv.errors import EXIT_FAILED, DevenvError


def run(*, config: Path | None, volumes: bool = False) -> int:
    cfg = load_config(config)
    engine.check_compose()
    stack = devstack.current(cfg)
    # every profile: a service started with `devenv up --profile` goes too
    args = ["--profile", "*", "down", "--remove-orphans", *(["--volumes"] if volumes else [])]
    if engine.compose(stack, *args).returncode != 0:
        raise DevenvError(
            "`docker compose down` failed (its output is above)", exit_code=EXIT_FAILED
        )
    devstack.reset_state(cfg)  # the reloads of a stack that is gone are no news of the next
    return 0
