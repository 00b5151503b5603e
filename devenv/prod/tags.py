"""Image tags of production releases: what a tag may be, the default one (the git short
hash of the project), shared by `render prod`, `promote` and `diff`, and the rule that a
release's tag never moves to another image (`Immutable`)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from devenv.config import ProjectConfig
from devenv.errors import EXIT_FAILED, DevenvError
from devenv.prod.registry import Manifest
from devenv.prod.releases import Gate, Release

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


@dataclass
class Immutable:
    """Refuses to push a built image under a tag that already names another image, in the
    registry or in the stack's release history (issue 14, item 8), unless `force`; what
    it saw becomes the `tag` gate recorded with the release.

    Called between the build and the push: the image's ID (its config digest) is then
    known, and compared with the config of each manifest the tag has named, so that a
    rebuild of the same content (a promote rerun after a kill) goes through unchanged.
    """

    tag: str
    history: Sequence[Release]
    lookup: Callable[[str], Manifest | None]
    force: bool = False
    moved: list[str] = field(default_factory=list)

    def __call__(self, service: str, ref: str, image_id: str) -> None:
        repo = ref.rpartition(":")[0]
        for who, digest in self._claims(service, ref):
            found = self.lookup(f"{repo}@{digest}")
            if found is not None and found.config == image_id:
                continue
            if not self.force:
                raise DevenvError(
                    f"--tag {self.tag}: {ref} already names another image ({digest}), "
                    f"held by {who}; a release's tag never moves. Promote with a new --tag, "
                    "or pass --force-retag to move it (recorded with the release)",
                    exit_code=EXIT_FAILED,
                )
            self.moved.append(f"{service} from {digest} ({who})")

    def _claims(self, service: str, ref: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for r in sorted(self.history, key=lambda r: r.number, reverse=True):
            if r.tag == self.tag and r.kind == "promote" and r.digests.get(service):
                when = f"{r.outcome} {r.when} by {r.who}"
                out.append((f"release {r.number} ({when})", r.digests[service]))
        now = self.lookup(ref)
        if now is not None and now.digest not in {d for _, d in out}:
            out.append(("the registry (no release of this stack has it)", now.digest))
        return out

    def gate(self) -> Gate:
        if self.moved:
            return Gate("tag", True, f"--force-retag: moved {self.tag}: " + "; ".join(self.moved))
        return Gate("tag", True, f"{self.tag} names no other image")
