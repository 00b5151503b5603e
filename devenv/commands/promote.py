"""`devenv promote`: gates, build, push, pin, deploy, converge, record (issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from devenv import terminal

if TYPE_CHECKING:
    from devenv.prod.promote import Options


def run(config: Path | None, opts: Options) -> int:
    from devenv.config import load_config
    from devenv.prod import promote

    cfg = load_config(config)
    with terminal.term_as_interrupt():
        return promote.promote(cfg, opts, terminal.say, terminal.confirmer(opts.yes))
