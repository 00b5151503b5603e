"""`devenv diff [dev prod | running]`: what differs between the stacks, by meaning."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from devenv.config import ProjectConfig
from devenv.errors import DevenvError

USAGE = "expected `dev prod`, `prod dev` or `running`"


def prod_tag(cfg: ProjectConfig, fallback: str) -> str:
    from devenv.prod.tags import default_tag

    try:
        return default_tag(cfg)
    except DevenvError:  # not in git: the tag promote was last given
        return fallback


def stack_of(cfg: ProjectConfig, which: str, tag: str = "untagged") -> dict[str, Any]:
    from devenv import render

    if which == "dev":
        # what the user configured: the network holders are devenv's plumbing
        return render.render_dev(cfg, cfg.root, holders=False)
    return render.render_prod(cfg, cfg.root, prod_tag(cfg, tag))


def run(
    *,
    config: Path | None,
    stacks: Sequence[str] = (),
    target: str = "swarm",
    context: str | None = None,
) -> int:
    from devenv import diff
    from devenv.config import load_config
    from devenv.prod import promote, releases

    which = list(stacks) or ["dev", "prod"]
    if which not in (["dev", "prod"], ["prod", "dev"], ["running"]):
        raise DevenvError(f"devenv diff {' '.join(which)}: {USAGE}")
    cfg = load_config(config)
    if which == ["running"]:
        tgt = promote.open_target(cfg, promote.Options(target=target, context=context))
        now = releases.current(tgt.store().list())
        left, right = tgt.running(), stack_of(cfg, "prod", now.tag if now else "untagged")
        labels = (f"running ({tgt.kind} stack {tgt.stack})", f"config ({cfg.path})")
    else:
        left, right = stack_of(cfg, which[0]), stack_of(cfg, which[1])
        labels = (which[0], which[1])
    sys.stdout.write(diff.format_changes(diff.diff(left, right), *labels))
    return 0
