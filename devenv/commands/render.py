"""`devenv render dev|prod`: write a generated Compose file."""

from __future__ import annotations

import sys
from pathlib import Path

from devenv.config import ProjectConfig, load_config
from devenv.errors import DevenvError
from devenv.fsutil import atomic_write
from devenv.prod import tags

STACKS = ("dev", "prod")


def render_text(cfg: ProjectConfig, stack: str, base_dir: Path, tag: str | None) -> str:
    from devenv import composefile, render

    if stack == "dev":
        return composefile.dump(render.render_dev(cfg, base_dir))
    return composefile.dump(render.render_prod(cfg, base_dir, tag or tags.default_tag(cfg)))


def run(stack: str, *, config: Path | None, output: Path | None, tag: str | None) -> int:
    if stack not in STACKS:
        raise DevenvError(f"unknown stack {stack!r}: expected 'dev' or 'prod'")
    if tag is not None:
        tags.check_tag(tag)
    cfg = load_config(config)
    # Relative paths in the output are written as Compose will resolve them: from the
    # output file's folder, or from the project folder when printing.
    base_dir = output.absolute().parent if output else cfg.root
    text = render_text(cfg, stack, base_dir, tag)
    if stack == "dev":
        _make_pause_image()
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)
    return 0


def _make_pause_image() -> None:
    """The dev stack's network holders run devenv's pause image, which no registry has: make
    it on the engine now, so that `docker compose up` on the rendered file finds it. Offline
    (no engine reachable) the file is still rendered; `devenv up` makes the image later."""
    from devenv.dev import holders

    try:
        holders.ensure_image()
    except Exception:  # rendering needs no engine; the image is a convenience
        return
