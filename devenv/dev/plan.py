"""Hot reload decisions: which file change asks which service for what, and when (issue 4).

Pure: no engine, no clock, no file system. `devenv.dev.reloader` watches the files, feeds the
changes in with the time they happened and carries out the jobs this module hands back.

- A changed path (relative to devenv.yaml) goes to the first `dev.reload` rule of each
  service whose `paths` match it, and to the later rules with the very same `paths`: a
  `sync` and a `restart` (or an `exec`) of the same paths sync, then restart (Compose's
  `sync+restart`, `sync+exec`; `devenv import` writes them so). A service with `build`
  rebuilds by default on a change to its Dockerfile or to a dependency manifest in its
  build context.
- Globs are anchored at devenv.yaml's folder, like `.dockerignore` patterns: `*` stays in
  one folder, `**` spans folders, and a pattern that names a folder matches what is in it.
- Noise (.git, __pycache__, node_modules, editor swap files, devenv's own .devenv/) and
  the service's `dev.ignore` never trigger anything.
- Changes are coalesced per service: a burst gives one job, a rebuild supersedes a
  restart, and changes that arrive while a job runs give exactly one more job after it.
"""

from __future__ import annotations

import fnmatch
import functools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from devenv.config import ProjectConfig, ReloadRule, Service

NOISE_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", "node_modules", ".devenv", ".mypy_cache", ".tox"}
)
# vim (.swp, .swx, its 4913 write test, backup~), emacs (#file#, .#lock), JetBrains safe-write.
NOISE_FILES = (
    "*.swp",
    "*.swo",
    "*.swx",
    "*~",
    "4913",
    "#*#",
    ".#*",
    "*___jb_tmp___",
    "*___jb_old___",
)
MANIFESTS = (
    "requirements*.txt",
    "pyproject.toml",
    "package.json",
    "package-lock.json",
    "pom.xml",
    "build.gradle",
    "Gemfile.lock",
    "*.csproj",
)


def is_noise(path: str) -> bool:
    """True for a path (relative, `/`-separated) that never triggers a reload."""
    parts = path.split("/")
    if any(part in NOISE_DIRS for part in parts[:-1]) or parts[-1] in NOISE_DIRS:
        return True
    return any(fnmatch.fnmatchcase(parts[-1], pat) for pat in NOISE_FILES)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A `.dockerignore`-style glob as a regex on relative `/`-separated paths."""
    pat = pattern.strip()
    while pat.startswith("./"):
        pat = pat[2:]
    pat = pat.strip("/")
    out = ""
    i = 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pat.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pat[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pat[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pat[i] == "[" and "]" in pat[i + 2 :]:
            end = pat.index("]", i + 2)
            body = pat[i + 1 : end]
            out += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
            i = end + 1
        else:
            out, i = out + re.escape(pat[i]), i + 1
    # A pattern naming a folder matches everything in it.
    return re.compile(f"(?:{out})(?:/.*)?" if out else ".*")


def matches(patterns: tuple[re.Pattern[str], ...], path: str) -> bool:
    return any(p.fullmatch(path) for p in patterns)


class SyncFile(NamedTuple):
    """A changed host file (relative to devenv.yaml) and where it goes in the container."""

    path: str
    target: str


@dataclass(frozen=True)
class Plan:
    """What one service must do; `merge` is how changes coalesce."""

    rebuild: bool = False
    restart: bool = False
    execs: tuple[str, ...] = ()
    sync: tuple[SyncFile, ...] = ()
    paths: frozenset[str] = field(default_factory=frozenset)

    def merge(self, other: Plan) -> Plan:
        synced = {f.target: f for f in self.sync}
        synced.update({f.target: f for f in other.sync})
        return Plan(
            rebuild=self.rebuild or other.rebuild,
            restart=self.restart or other.restart,
            execs=tuple(dict.fromkeys(self.execs + other.execs)),
            sync=tuple(synced.values()),
            paths=self.paths | other.paths,
        )

    @property
    def action(self) -> str:
        """The name reported for the job: rebuild > restart > exec > sync."""
        if self.rebuild:
            return "rebuild"
        if self.restart:
            return "restart"
        return "exec" if self.execs else "sync"

    def steps(self) -> tuple[str, ...]:
        """The order the executor runs: a rebuild replaces the container, so it is alone;
        otherwise files are copied first, then commands run, then the service restarts."""
        if self.rebuild:
            return ("rebuild",)
        steps = [("sync", bool(self.sync)), ("exec", bool(self.execs)), ("restart", self.restart)]
        return tuple(name for name, wanted in steps if wanted)


class _Rule(NamedTuple):
    paths: tuple[re.Pattern[str], ...]
    rule: ReloadRule


class ServiceRules(NamedTuple):
    """One service's reload rules, compiled."""

    name: str
    rules: tuple[_Rule, ...]
    ignore: tuple[re.Pattern[str], ...]
    dockerfile: str | None
    context: str | None


def _norm(path: str) -> str:
    out = posixpath.normpath(path.replace("\\", "/"))
    return "" if out == "." else out


def compile_service(name: str, svc: Service) -> ServiceRules:
    rules = tuple(_Rule(tuple(glob_regex(p) for p in r.paths), r) for r in svc.dev.reload)
    ignore = tuple(glob_regex(p) for p in svc.dev.ignore)
    dockerfile = context = None
    if svc.build is not None:
        context = _norm(svc.build.context)
        dockerfile = _norm(posixpath.join(context, svc.build.dockerfile))
    return ServiceRules(name, rules, ignore, dockerfile, context)


def compile_rules(cfg: ProjectConfig, services: tuple[str, ...] = ()) -> tuple[ServiceRules, ...]:
    """The rules of the given services (all when none are given), in config order."""
    return tuple(
        compile_service(name, svc)
        for name, svc in cfg.services.items()
        if not services or name in services
    )


def _in_folder(path: str, folder: str) -> str | None:
    """`path` relative to `folder`, or None when it is outside."""
    if not folder:
        return path
    if path == folder:
        return ""
    return path[len(folder) + 1 :] if path.startswith(folder + "/") else None


def is_build_input(rules: ServiceRules, path: str) -> bool:
    """The service's Dockerfile, or a dependency manifest inside its build context."""
    if rules.dockerfile is None or rules.context is None:
        return False
    if path == rules.dockerfile:
        return True
    inside = _in_folder(path, rules.context)
    if inside is None or not inside:
        return False
    name = posixpath.basename(inside)
    return any(fnmatch.fnmatchcase(name, pat) for pat in MANIFESTS)


def plan_change(rules: ServiceRules, path: str) -> Plan | None:
    """What a change to `path` (relative to devenv.yaml) asks of this service, if anything."""
    path = _norm(path)
    if not path or path.startswith("../") or is_noise(path) or matches(rules.ignore, path):
        return None
    touched = frozenset({path})
    for i, compiled in enumerate(rules.rules):
        if matches(compiled.paths, path):
            return _joint_plan(rules.rules[i:], path, touched)
    if is_build_input(rules, path):
        return Plan(rebuild=True, paths=touched)
    return None


def _joint_plan(rules: tuple[_Rule, ...], path: str, touched: frozenset[str]) -> Plan | None:
    """The plan of `rules[0]` and of the later rules with the very same paths."""
    paths = rules[0].rule.paths
    plans = [_rule_plan(c.rule, path, touched) for c in rules if c.rule.paths == paths]
    found = [p for p in plans if p is not None]
    return functools.reduce(Plan.merge, found) if found else None


def _rule_plan(rule: ReloadRule, path: str, touched: frozenset[str]) -> Plan | None:
    if rule.action == "rebuild":
        return Plan(rebuild=True, paths=touched)
    if rule.action == "restart":
        return Plan(restart=True, paths=touched)
    if rule.action == "exec":
        return Plan(execs=(rule.exec or "",), paths=touched)
    inside = _in_folder(path, _norm(rule.source))
    if inside is None or rule.target is None:
        return None  # matched, but outside the synced folder: nothing to copy
    target = posixpath.join(rule.target, inside) if inside else rule.target
    return Plan(sync=(SyncFile(path, target),), paths=touched)


def sync_sources(rules: ServiceRules) -> tuple[str, ...]:
    """The folders (relative to devenv.yaml) the service's `sync` rules copy from."""
    found = (_norm(c.rule.source) for c in rules.rules if c.rule.action == "sync")
    return tuple(dict.fromkeys(found))


def initial_sync(rules: ServiceRules, files: Iterable[str]) -> tuple[SyncFile, ...]:
    """What a new container of the service must receive before it counts as running
    (Compose watch's `initial_sync`, issue 16): every existing file a change to which the
    service would sync, by the same rules (first match, `dev.ignore`, noise)."""
    out: dict[str, SyncFile] = {}
    for path in sorted(files):
        plan = plan_change(rules, path)
        if plan is not None and not plan.rebuild:  # what it syncs, restart or exec aside
            out.update({f.target: f for f in plan.sync})
    return tuple(out.values())


def plan_changes(rules: tuple[ServiceRules, ...], paths: set[str]) -> dict[str, Plan]:
    """Each service's coalesced plan for a batch of changed paths."""
    out: dict[str, Plan] = {}
    for service in rules:
        for path in sorted(paths):
            plan = plan_change(service, path)
            if plan is not None:
                prev = out.get(service.name)
                out[service.name] = plan if prev is None else prev.merge(plan)
    return out


class Job(NamedTuple):
    """A plan handed to the executor; `since` is when its first change happened."""

    service: str
    plan: Plan
    since: float


def is_burst(changed: int, new_folder: bool, burst_size: int = 20) -> bool:
    """A batch that starts a burst: many files at once, or a new folder (more will come)."""
    return changed >= burst_size or new_folder


@dataclass
class _Pending:
    plan: Plan
    since: float
    last: float


@dataclass
class Scheduler:
    """Per service: at most one job at a time, pending changes merged into the next one.

    A job is due once the service is idle and none of its files changed for `quiet`
    seconds. While a burst goes on (`observe`: many files at once, or a new folder), every
    job waits until no file at all changed for `burst_quiet` seconds: a `git checkout` that
    stalls for a moment is still one job per service, whichever files come last. Changes
    that arrive while a job runs make exactly one more job when it is done.
    """

    quiet: float = 0.0
    burst_quiet: float = 1.0
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _busy: set[str] = field(default_factory=set)
    _last_change: float = float("-inf")
    _burst: bool = False

    def observe(self, now: float, *, burst: bool) -> None:
        """A batch of changes came, for any service or none."""
        self._burst = self._in_burst(now) or burst
        self._last_change = now

    def _in_burst(self, now: float) -> bool:
        return self._burst and now < self._last_change + self.burst_quiet

    def add(self, service: str, plan: Plan, changed_at: float, now: float) -> None:
        prev = self._pending.get(service)
        if prev is None:
            self._pending[service] = _Pending(plan, changed_at, now)
        else:
            self._pending[service] = _Pending(
                prev.plan.merge(plan), min(prev.since, changed_at), now
            )

    def _ready_at(self, pending: _Pending) -> float:
        at = pending.last + self.quiet
        return max(at, self._last_change + self.burst_quiet) if self._burst else at

    def due(self, now: float) -> list[Job]:
        jobs = []
        for service, pending in list(self._pending.items()):
            if service not in self._busy and now >= self._ready_at(pending):
                del self._pending[service]
                self._busy.add(service)
                jobs.append(Job(service, pending.plan, pending.since))
        if not self._in_burst(now):
            self._burst = False
        return jobs

    def done(self, service: str) -> None:
        self._busy.discard(service)

    def busy(self, service: str) -> bool:
        return service in self._busy

    def running(self) -> bool:
        """True while any service's job runs."""
        return bool(self._busy)

    def pending(self, service: str) -> Plan | None:
        entry = self._pending.get(service)
        return entry.plan if entry else None

    def wake_at(self) -> float | None:
        """When the next job may become due (None: nothing pending on an idle service)."""
        times = [self._ready_at(p) for s, p in self._pending.items() if s not in self._busy]
        return min(times) if times else None

    def idle(self) -> bool:
        return not self._pending and not self._busy
