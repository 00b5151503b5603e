"""devenv's reload rules as Compose's `develop.watch` (issue 16, item 9), beside `devenv.render`.

`docker compose watch` on the rendered dev file then does what `devenv up` does, as far as
Compose can say it; what it cannot say is left out, never approximated. For each service,
its `dev.reload` rules in order:

- **Paths.** A Compose `path` is a file or a folder, not a glob. A glob that names one maps
  to it: `src`, `src/` and `Dockerfile` as written, `src/**`, `src/*` and `src/**/*` to
  `./src`, `**` to `.` (the project). Any other glob (`src/*.py`, `**/*.css`) has no
  Compose path: the rule is left out for that glob.
- **Order.** devenv applies the first rule whose paths match a change, together with the
  later rules that have the very same `paths` (`devenv.dev.plan`); Compose applies every
  entry that matches. So the globs of earlier rules become `ignore` patterns of a later
  entry (relative to its path, as Compose reads them), and an entry that an earlier rule
  covers wholly is left out.
- **Actions.** restart → `restart`; rebuild → `rebuild` (whatever joins it: devenv's
  rebuild supersedes the rest), for a service with `build` only; sync → `sync` with
  `target`; sync and restart with the same paths → `sync+restart`; sync and exec with the
  same paths → `sync+exec`, the command split as devenv splits it. Compose has no entry
  for an exec without a sync, for exec and restart together or for two syncs of the same
  paths: those rules are left out.
- **Sync folders.** devenv copies a changed file from `source` to `target`; Compose from
  `path`. A glob inside `source` keeps its path and gets the matching target; a glob
  around `source` syncs `source` alone (a sync-only rule; with a restart or exec, left
  out); a glob outside `source` syncs nothing (so sync+restart is a `restart` there).
  Every entry that syncs has `initial_sync: true`: devenv copies a new container's files
  before it counts as running.
- **Ignores.** `dev.ignore` becomes `ignore` patterns of each entry it reaches, and each
  folder entry ignores devenv's noise folders (`NOISE_DIRS`); editor swap and backup files
  are left to Compose's own list (vim, emacs lock files, JetBrains; not emacs's
  `#name#`). A glob of `dev.ignore` or of an earlier rule that cannot be written relative
  to an entry's path (a `[...]` class, a `**` inside a name, a leading `!`, a backslash)
  leaves that entry out: Compose would fire where devenv does not.
- **Not written.** The rebuild devenv does by default on a change to the Dockerfile or to
  a dependency manifest (file names anywhere in the build context, not paths).
- **Compose's own.** It applies the build context's `.dockerignore` to watch, which devenv
  does not read, and does not watch a `sync` or `sync+restart` entry inside a bind-mounted
  folder (it warns), where devenv copies all the same.

Pure, as render is: the config in, the `develop` mapping out.
"""

from __future__ import annotations

import fnmatch
import posixpath
import shlex
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from devenv.config import ReloadRule, Service

# devenv's noise folders (devenv.dev.plan.NOISE_DIRS, kept equal by a test): the render
# core may not import the dev wing.
NOISE_DIRS = (
    ".devenv",
    ".git",
    ".hg",
    ".mypy_cache",
    ".svn",
    ".tox",
    "__pycache__",
    "node_modules",
)

Segments = tuple[str, ...]


class Reach(NamedTuple):
    """What a glob matches inside a folder: all of it, the paths `patterns` match
    (relative to the folder; none: nothing), or `exact=False`: no pattern can say it."""

    covers: bool = False
    patterns: tuple[str, ...] = ()
    exact: bool = True


COVERS = Reach(covers=True)
UNSAYABLE = Reach(exact=False)


def segments(glob: str) -> Segments:
    """A glob as `devenv.dev.plan.glob_regex` reads it, split at `/`."""
    pat = glob.strip()
    while pat.startswith("./"):
        pat = pat[2:]
    pat = pat.strip("/")
    return tuple(pat.split("/")) if pat else ()


def _literal(segment: str) -> bool:
    return not any(c in segment for c in "*?[\\")


def _sayable(segment: str) -> bool:
    """A segment both devenv and Compose's pattern matcher read alike."""
    return segment == "**" or ("**" not in segment and not any(c in segment for c in "[\\"))


def _matches_all(rest: Segments) -> bool:
    """`**`, `*`, `**/*`...: everything in a folder (a matched folder matches its content)."""
    body = rest[:-1] if rest and rest[-1] == "*" else rest
    return bool(rest) and all(s == "**" for s in body)


def folder_of(glob: str) -> Segments | None:
    """The file or folder a glob names (`()`: the project), None when it names none."""
    segs = segments(glob)
    lead = 0
    while lead < len(segs) and _literal(segs[lead]):
        lead += 1
    rest = segs[lead:]
    if any(s in (".", "..") for s in segs[:lead]):
        return None  # devenv matches normalised paths inside the project only
    return segs[:lead] if not rest or _matches_all(rest) else None


def _inside(glob: Segments) -> Reach:
    """`glob` read relative to a folder it starts in."""
    if _matches_all(glob):
        return COVERS
    if not all(_sayable(s) for s in glob) or glob[0].startswith("!"):
        return UNSAYABLE
    return Reach(patterns=("/".join(glob),))


def _union(reaches: Sequence[Reach]) -> Reach:
    if any(r.covers for r in reaches):
        return COVERS
    if not all(r.exact for r in reaches):
        return UNSAYABLE
    return Reach(patterns=tuple(dict.fromkeys(p for r in reaches for p in r.patterns)))


def reach(glob: Segments, folder: Segments) -> Reach:
    """What the devenv glob `glob` matches inside `folder` (both relative to devenv.yaml)."""
    if not glob:  # it names the folder or one around it
        return COVERS
    if not folder:
        return _inside(glob)
    head, rest = glob[0], glob[1:]
    if not _sayable(head):
        return UNSAYABLE
    if head == "**":  # zero or more folders: some of `folder`'s, or all of them and more
        if _matches_all(glob):
            return COVERS
        return _union([*(reach(rest, folder[i:]) for i in range(len(folder))), _inside(glob)])
    if not fnmatch.fnmatchcase(folder[0], head):
        return Reach()
    return reach(rest, folder[1:])


class Shape(NamedTuple):
    """The Compose entry one group of rules (the same `paths`) makes."""

    action: str
    sync: ReloadRule | None = None
    command: tuple[str, ...] = ()


def shape(rules: Sequence[ReloadRule], *, built: bool) -> Shape | None:
    """The Compose action of rules that devenv applies together, None if Compose has none."""
    actions = [r.action for r in rules]
    if "rebuild" in actions:
        return Shape("rebuild") if built else None
    syncs = [r for r in rules if r.action == "sync"]
    commands = list(dict.fromkeys(r.exec or "" for r in rules if r.action == "exec"))
    restart = "restart" in actions
    if len(syncs) > 1 or len(commands) > 1 or (commands and restart):
        return None
    if not syncs:
        return None if commands else Shape("restart")
    if commands:
        try:
            argv = tuple(shlex.split(commands[0]))  # as devenv.engine.split_command
        except ValueError:
            return None
        return Shape("sync+exec", syncs[0], argv) if argv else None
    return Shape("sync+restart" if restart else "sync", syncs[0])


def _norm(path: str) -> Segments:
    out = posixpath.normpath(path.replace("\\", "/"))
    return () if out == "." else tuple(out.split("/"))


def _synced(form: Shape, folder: Segments) -> tuple[str, Segments, str | None] | None:
    """(action, path, target) of a syncing entry for a glob's folder, None if none."""
    if form.sync is None or form.sync.target is None:
        return None
    source = _norm(form.sync.source)
    if folder[: len(source)] == source:
        return form.action, folder, posixpath.join(form.sync.target, *folder[len(source) :])
    if source[: len(folder)] == folder:  # the glob is around the source: only it syncs
        return ("sync", source, form.sync.target) if form.action == "sync" else None
    # outside the source: the rule matches and copies nothing
    return ("restart", folder, None) if form.action == "sync+restart" else None


def _ignores(
    path: Segments, ignored: Sequence[str], *, folder_form: bool
) -> tuple[str, ...] | None:
    """The `ignore` patterns of an entry at `path`; None when devenv never fires there or
    an ignore cannot be said relative to it."""
    found: list[str] = []
    noise = [f"**/{d}" for d in NOISE_DIRS]
    for glob in [*ignored, *noise]:
        got = reach(segments(glob), path)
        if got.covers or not got.exact:
            return None
        if glob in noise and not folder_form:
            continue
        slash = "/" if glob.rstrip().endswith("/") else ""
        found += [p if p.endswith("**") else p + slash for p in got.patterns]
    return tuple(dict.fromkeys(found))


def _entry(
    form: Shape,
    glob: str,
    ignored: Sequence[str],
    place: Callable[[str], str],
) -> dict[str, Any] | None:
    folder = folder_of(glob)
    if folder is None:
        return None
    action, path, target = form.action, folder, None
    if form.sync is not None:
        synced = _synced(form, folder)
        if synced is None:
            return None
        action, path, target = synced
    folder_form = folder != segments(glob) or glob.rstrip().endswith("/")
    ignores = _ignores(path, ignored, folder_form=folder_form)
    if ignores is None:
        return None
    out: dict[str, Any] = {"path": place("/".join(path) or "."), "action": action}
    if target is not None:
        out["target"] = target
    if action == "sync+exec":
        out["exec"] = {"command": list(form.command)}
    if ignores:
        out["ignore"] = list(ignores)
    if target is not None:
        out["initial_sync"] = True
    return out


def watch(svc: Service, place: Callable[[str], str]) -> list[dict[str, Any]]:
    """The service's `develop.watch` entries; `place(path)` is how Compose reads a path
    relative to devenv.yaml (`devenv.render.relative`)."""
    groups: dict[tuple[str, ...], list[ReloadRule]] = {}
    for rule in svc.dev.reload:
        groups.setdefault(tuple(rule.paths), []).append(rule)
    out: list[dict[str, Any]] = []
    earlier: list[str] = []
    for paths, rules in groups.items():
        form = shape(rules, built=svc.build is not None)
        for glob in paths:
            entry = None if form is None else _entry(form, glob, [*svc.dev.ignore, *earlier], place)
            if entry is not None:
                out.append(entry)
            earlier.append(glob)
    return out
