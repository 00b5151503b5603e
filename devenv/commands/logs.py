"""`devenv logs [SERVICE] [-f]`: the dev stack's logs, as Compose prints them."""

from __future__ import annotations

from pathlib import Path

from devenv import engine
from devenv.config import load_config
from devenv.dev import stackfile as devstack


def run(*, config: Path | None, service: str | None = None, follow: bool = False) -> int:
    cfg = load_config(config)
    names = devstack.select(cfg, [service] if service else [])
    engine.check_compose()
    stack = devstack.current(cfg)
    args = ["logs", *(["--follow"] if follow else []), *names]
    try:
        return engine.compose(stack, *args).returncode
    except KeyboardInterrupt:
        return 0
