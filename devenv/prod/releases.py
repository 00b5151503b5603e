"""Release records: what each `devenv promote` or `devenv rollback` deployed (issue 6).

A record is written once, whole, with its final outcome: an interrupted promote leaves no
record at all rather than half of one. The history lives on the target (a `ReleaseStore`;
for Swarm one config object per release, see `devenv.prod.state.SwarmReleaseStore`) so that
every operator sees the same one, and is mirrored in `.devenv/releases/` with atomic writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from devenv.errors import DevenvError
from devenv.fsutil import atomic_write

Kind = Literal["promote", "rollback"]
Outcome = Literal["deployed", "failed"]
MIRROR_DIR = Path(".devenv") / "releases"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Gate:
    """One gate checked before a promote, as printed and recorded."""

    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Release:
    number: int
    kind: Kind
    tag: str
    #: service -> the pinned image reference deployed (`repo:tag@sha256:...`).
    images: dict[str, str]
    config_hash: str
    #: The Compose file given to the target, exactly (file paths relative to the project).
    stack: str
    who: str
    when: str
    outcome: Outcome
    detail: str = ""
    gates: tuple[Gate, ...] = ()
    rollback_of: int | None = None
    target: str = "swarm"

    @property
    def digests(self) -> dict[str, str]:
        return {name: ref.partition("@")[2] for name, ref in self.images.items()}

    def to_json(self) -> str:
        data = {"format": FORMAT_VERSION, **asdict(self)}
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def from_json(text: str, origin: str) -> Release:
    """Parse a record; a record this version cannot read is an error naming where it is."""
    try:
        data: dict[str, Any] = json.loads(text)
        if data.pop("format", None) != FORMAT_VERSION:
            raise ValueError(f"unknown record format (this devenv reads {FORMAT_VERSION})")
        data["gates"] = tuple(Gate(**g) for g in data.get("gates", ()))
        release = Release(**data)
        if not isinstance(release.number, int) or release.number < 1:
            raise ValueError(f"bad release number {release.number!r}")
    except (ValueError, TypeError, AttributeError) as exc:
        raise DevenvError(f"{origin}: unreadable release record: {exc}") from None
    return release


class ReleaseStore(Protocol):
    """Where the history lives on the target."""

    def list(self) -> list[Release]: ...

    def add(self, release: Release) -> None: ...


@dataclass
class DirStore:
    """Records as `<N>.json` files in a folder: the local mirror, and the store of record
    for `--target compose` (a plain engine has no place to keep them)."""

    folder: Path
    _cache: dict[int, Release] = field(default_factory=dict)

    def list(self) -> list[Release]:
        if not self.folder.is_dir():
            return []
        out = [from_json(p.read_text(encoding="utf-8"), str(p)) for p in self._files()]
        return sorted(out, key=lambda r: r.number)

    def add(self, release: Release) -> None:
        atomic_write(self.folder / f"{release.number}.json", release.to_json())

    def _files(self) -> Iterable[Path]:
        # Temporary files of an interrupted atomic write start with "." and are skipped.
        return (p for p in self.folder.glob("*.json") if p.stem.isdigit())


def mirror_dir(root: Path) -> Path:
    return root / MIRROR_DIR


def mirror(folder: Path, releases: Iterable[Release]) -> None:
    """Bring the local mirror up to date with the target's history (only what changed)."""
    store = DirStore(folder)
    for release in releases:
        path = folder / f"{release.number}.json"
        text = release.to_json()
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            store.add(release)


def next_number(releases: Sequence[Release]) -> int:
    return max((r.number for r in releases), default=0) + 1


def current(releases: Sequence[Release]) -> Release | None:
    """The release running now: the latest one whose deploy succeeded.

    A failed promote redeployed the release before it, which is therefore still current.
    """
    deployed = [r for r in releases if r.outcome == "deployed"]
    return max(deployed, key=lambda r: r.number) if deployed else None


def rollback_target(releases: Sequence[Release], to: str | None) -> Release:
    """The release `devenv rollback [--to N|TAG]` redeploys.

    Without `--to`: the latest deployed release before the current one that ran different
    images, so that a rollback of a rollback does not stand still.
    """
    now = current(releases)
    if to is not None:
        return _find(releases, to)
    if now is None:
        raise DevenvError("no deployed release to roll back from: see `devenv releases`")
    for release in sorted(releases, key=lambda r: r.number, reverse=True):
        if (
            release.number < now.number
            and release.outcome == "deployed"
            and release.images != now.images
        ):
            return release
    raise DevenvError(
        f"release {now.number} is the only one deployed: nothing earlier to roll back to"
    )


def _find(releases: Sequence[Release], to: str) -> Release:
    if to.isdigit():
        match = [r for r in releases if r.number == int(to)]
    else:
        match = [r for r in releases if r.tag == to and r.kind == "promote"]
    deployed = [r for r in match if r.outcome == "deployed"]
    if deployed:
        return max(deployed, key=lambda r: r.number)
    if match:
        raise DevenvError(
            f"release {to} failed when it was deployed: roll back to one that ran "
            "(see `devenv releases`)"
        )
    raise DevenvError(f"no release {to!r}: see `devenv releases` for numbers and tags")


def table(releases: Sequence[Release]) -> str:
    """The `devenv releases` listing, newest first, current one marked."""
    now = current(releases)
    rows = [("", "#", "WHEN", "TAG", "KIND", "OUTCOME", "WHO")]
    for r in sorted(releases, key=lambda r: r.number, reverse=True):
        kind = f"rollback to {r.rollback_of}" if r.rollback_of else r.kind
        outcome: str = r.outcome
        if r.outcome == "failed" and r.detail:
            outcome += ": " + r.detail.splitlines()[0][:60]
        mark = "*" if now is not None and r.number == now.number else ""
        rows.append((mark, str(r.number), r.when, r.tag, kind, outcome, r.who))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = [
        "  ".join([*(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)), row[-1]]).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"
