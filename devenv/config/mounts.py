"""Which reload rules a container cannot see: the paths no bind mount of the service holds.

A `restart` or `exec` reload rule acts in the running container when a host file changes.
The container sees the changed file only through a bind mount; anything else it reads from
its image, which still holds the old copy, so the restart "succeeds" and shows nothing new
(issue 16, item 6). `sync` copies the file in and `rebuild` makes a new image: those need no
mount.

Conservative by design: a path is reported only when its glob's literal folder and every
bind-mount source are disjoint, neither inside the other. `**` or `src/**` with `./src`
mounted is not reported, though only part of what it matches is mounted. No file system
access: paths are compared as written, normalised, without following symlinks.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from devenv.config.schema import ReloadRule, Service

#: The actions that act in the running container and so need the file mounted there.
NEEDS_MOUNT = ("restart", "exec")
_GLOB_META = "*?["
# Compose's short syntax: a source starting with one of these is a host path, else a volume.
_HOST_PATH_START = (".", "/", "~")


class Unmounted(NamedTuple):
    """A `restart`/`exec` rule (`rule_index`: its place in `dev.reload`) and its paths, as
    written, that lie outside every bind mount of the service."""

    rule_index: int
    rule: ReloadRule
    paths: tuple[str, ...]


def split_mount(mount: str) -> tuple[str, str, str | None]:
    """A `dev.mounts` entry, `"SOURCE:/container/path[:MODE]"` -> (source, target, mode)."""
    source, target, *mode = mount.split(":")
    return source, target, mode[0] if mode else None


def glob_folder(pattern: str) -> str:
    """The folder (relative to devenv.yaml, `/`-separated) every path a reload glob matches
    lies in: its literal part up to the last `/` before a glob character, or the whole
    pattern when it has none. Normalised as `devenv.dev.plan.glob_regex` reads globs (outer
    blanks, leading `./` and outer `/` dropped), then `..` and `//` folded; `""` is the
    config's own folder."""
    pat = pattern.strip()
    while pat.startswith("./"):
        pat = pat[2:]
    pat = pat.strip("/")
    cut = min((i for i in (pat.find(c) for c in _GLOB_META) if i >= 0), default=-1)
    if cut >= 0:
        pat = pat[:cut].rpartition("/")[0]
    folded = posixpath.normpath(pat) if pat else ""
    return "" if folded == "." else folded


def bind_sources(svc: Service, root: PurePath) -> tuple[str, ...] | None:
    """The absolute, normalised host folders bind-mounted into the service's dev container:
    `dev.mounts` (every entry is a bind, as `devenv.render` renders it) and the binds of a
    `volumes` list under `compose:` or `dev.compose:` (their sources read from the config's
    folder). None when one cannot be placed (`~`): it may hold anything."""
    base = _absolute(root)
    sources = [split_mount(m)[0] for m in svc.dev.mounts]
    for keys in (svc.compose, svc.dev.compose):
        found = list(_compose_binds(keys.get("volumes")))
        if any(s.startswith("~") for s in found):
            return None
        sources += found
    return tuple(posixpath.normpath(posixpath.join(base, s)) for s in sources)


def unmounted_reload_paths(svc: Service, root: PurePath) -> tuple[Unmounted, ...]:
    """Each `restart`/`exec` rule of `svc.dev.reload` with the paths it watches that no bind
    mount of the service holds, in rule order; rules with none are left out.

    `root` is the folder of devenv.yaml (`cfg.root`), which the globs and relative mount
    sources are read from; an absolute mount source is compared with the globs there.
    """
    sources = bind_sources(svc, root)
    if sources is None:
        return ()
    base = _absolute(root)
    out = []
    for i, rule in enumerate(svc.dev.reload):
        if rule.action not in NEEDS_MOUNT:
            continue
        missed = tuple(
            p
            for p in rule.paths
            if _disjoint(posixpath.normpath(posixpath.join(base, glob_folder(p))), sources)
        )
        if missed:
            out.append(Unmounted(i, rule, missed))
    return tuple(out)


def _absolute(root: PurePath) -> str:
    # As render.relative resolves the config folder: Path.absolute, no symlinks followed.
    return Path(root).absolute().as_posix()


def _disjoint(folder: str, sources: tuple[str, ...]) -> bool:
    return not any(_within(folder, s) or _within(s, folder) for s in sources)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _compose_binds(volumes: Any) -> Iterator[str]:
    if not isinstance(volumes, list):
        return
    for entry in volumes:
        if isinstance(entry, str):
            source, sep, _ = entry.partition(":")
            if sep and source.startswith(_HOST_PATH_START):
                yield source
        elif isinstance(entry, dict) and entry.get("type") == "bind":
            long_source = entry.get("source")
            if isinstance(long_source, str) and long_source:
                yield long_source
