"""`devenv render dev|prod`: write a generated Compose file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from devenv.config import ProjectConfig, load_config
from devenv.errors import DevenvError
from devenv.fsutil import atomic_write

STACKS = ("dev", "prod")


def default_tag(cfg: ProjectConfig) -> str:
    """The git short hash of the project: an immutable tag for what is built from it."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(cfg.root.absolute()), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        proc = None
    if proc is None or proc.returncode != 0:
        raise DevenvError(
            f"{cfg.root.absolute()} is not in a git repository with a commit: "
            "give the image tag with --tag"
        )
    return proc.stdout.strip()


def render_text(cfg: ProjectConfig, stack: str, base_dir: Path, tag: str | None) -> str:
    from devenv import render

    if stack == "dev":
        return render.dump(render.render_dev(cfg, base_dir))
    return render.dump(render.render_prod(cfg, base_dir, tag or default_tag(cfg)))


def run(stack: str, *, config: Path | None, output: Path | None, tag: str | None) -> int:
    if stack not in STACKS:
        raise DevenvError(f"unknown stack {stack!r}: expected 'dev' or 'prod'")
    if tag is not None and not _valid_tag(tag):
        raise DevenvError(
            f"--tag {tag!r}: a tag is up to 128 letters, digits, '_', '.' or '-', "
            "not starting with '.' or '-'"
        )
    if tag == "latest":
        raise DevenvError("--tag latest: production tags must be immutable; use a version or hash")
    cfg = load_config(config)
    # Relative paths in the output are written as Compose will resolve them: from the
    # output file's folder, or from the project folder when printing.
    base_dir = output.absolute().parent if output else cfg.root
    text = render_text(cfg, stack, base_dir, tag)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)
    return 0


def _valid_tag(tag: str) -> bool:
    import re

    return re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}", tag) is not None
