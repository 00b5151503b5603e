"""`devenv releases`: the history of promotes and rollbacks, as the target keeps it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from devenv.errors import DevenvError

FORMATS = ("text", "json")


def run(
    *,
    config: Path | None,
    target: str = "swarm",
    context: str | None = None,
    fmt: str = "text",
) -> int:
    from devenv.config import load_config
    from devenv.prod import promote, releases

    if fmt not in FORMATS:
        raise DevenvError(f"--format {fmt!r}: expected 'text' or 'json'")
    cfg = load_config(config)
    tgt = promote.open_target(cfg, promote.Options(target=target, context=context))
    folder = releases.mirror_dir(cfg.root)
    try:
        history = tgt.store().list()
    except DevenvError as exc:
        if not folder.is_dir():
            raise
        # The target keeps the history; when it cannot be asked, the mirror still can.
        print(f"devenv: {exc.message}; showing the local mirror {folder}", file=sys.stderr)
        history = releases.DirStore(folder).list()
    else:
        releases.mirror(folder, history)
    if fmt == "json":
        rows = [json.loads(r.to_json()) for r in history]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    elif not history:
        print(f"no releases of {cfg.project} on the {tgt.kind} target yet: run `devenv promote`")
    else:
        sys.stdout.write(releases.table(history))
    return 0
