"""`devenv rollback [--to N|TAG]`: redeploy a recorded release exactly (issue 6)."""

from __future__ import annotations

from pathlib import Path

from devenv.commands.promote import check_numbers, confirmer, say, term_as_interrupt


def run(
    *,
    config: Path | None,
    to: str | None = None,
    target: str = "swarm",
    context: str | None = None,
    yes: bool = False,
    timeout: float = 300.0,
    lock_wait: float = 60.0,
    break_lock: bool = False,
) -> int:
    from devenv.config import load_config
    from devenv.prod import promote

    check_numbers(timeout, lock_wait)
    cfg = load_config(config)
    opts = promote.Options(
        target=target,
        context=context,
        yes=yes,
        timeout=timeout,
        lock_wait=lock_wait,
        break_lock=break_lock,
    )
    with term_as_interrupt():
        return promote.rollback(cfg, to, opts, say, confirmer(yes))
