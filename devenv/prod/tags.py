"""Image tags of production releases: what a tag may be, and the default one (the git short
hash of the project), shared by `render prod`, `promote` and `diff`."""

from __future__ import annotations

import re
import subprocess

from devenv.config import ProjectConfig
from devenv.errors import DevenvError

# Docker's own rule for a tag (distribution/reference): up to 128 word characters, dots and
# dashes, not starting with either.
TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


def check_tag(tag: str) -> None:
    if not TAG.match(tag):
        raise DevenvError(
            f"--tag {tag!r}: a tag is up to 128 letters, digits, '_', '.' or '-', "
            "not starting with '.' or '-'"
        )
    if tag == "latest":
        raise DevenvError("--tag latest: production tags must be immutable; use a version or hash")


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
