"""`devenv rollback [--to N|TAG]`: redeploy a recorded release exactly (issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from devenv import terminal

if TYPE_CHECKING:
    from devenv.prod.promote import Options


def run(config: Path | None, to: str | None, opts: Options) -> int:
    from devenv.config import load_config
    from devenv.prod import promote

    cfg = load_config(config)
    with terminal.term_as_interrupt():
        return promote.rollback(cfg, to, opts, terminal.say, terminal.confirmer(opts.yes))
