"""Hot reload, the effects: watch the files, run the jobs `devenv.dev.plan` decides, report.

Threads: one watches the files (watchfiles, whose Rust side debounces a burst into one
batch), the caller's thread schedules, and each job runs in its own thread, so a long
rebuild of one service never holds up a restart of another. A job is done when the
service's containers run again; its report (with the latency from the file change) waits
for the healthcheck, where there is one, without holding up the next job.
"""

from __future__ import annotations

import os
import queue
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from devenv import engine
from devenv.config import ProjectConfig, unmounted_reload_paths
from devenv.dev import candidate
from devenv.dev import stackfile as devstack
from devenv.dev.exits import Expected
from devenv.dev.logstream import Output
from devenv.dev.plan import (
    Job,
    Plan,
    Scheduler,
    compile_rules,
    glob_regex,
    initial_sync,
    is_burst,
    is_noise,
    plan_changes,
    sync_sources,
)
from devenv.dev.reconfig import Applied
from devenv.errors import DevenvError

STEP_MS = 30  # quiet time that ends a batch of changes (an editor's save is one batch)
# Longest a batch is held while changes keep coming: short, so that the scheduler sees a
# long burst going on (it waits for the end of bursts itself).
DEBOUNCE_MS = 200
HEALTH_TIMEOUT = 120.0
ERROR_LINES = 30


class Batch(NamedTuple):
    paths: set[str]
    changed_at: float
    received: float
    new_folder: bool = False


class Done(NamedTuple):
    service: str


class ConfigDone(NamedTuple):
    """The job that applied an edit of devenv.yaml ended: its result (None: not applied)."""

    applied: Applied | None


class Outcome(NamedTuple):
    ok: bool
    running_at: float
    error: str = ""
    restarted: tuple[str, ...] = ()


def relative(root: Path, path: str) -> str | None:
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    return None if rel.startswith("../") or rel == ".." else rel


def changed_at(root: Path, paths: set[str], received: float) -> float:
    """When the batch's first change happened (monotonic), from the files' mtimes."""
    wall = time.time()
    ages = []
    for rel in paths:
        try:
            ages.append(wall - (root / rel).stat().st_mtime)
        except OSError:
            continue  # deleted: its age is unknown
    age = max(ages, default=STEP_MS / 1000)
    return received - min(max(age, 0.0), DEBOUNCE_MS / 1000 + STEP_MS / 1000)


class Executor:
    """Carries out one job on the engine."""

    def __init__(
        self,
        cfg: ProjectConfig,
        stack: engine.ComposeStack,
        out: Output,
        expected: Expected | None = None,
    ) -> None:
        self.stack = stack
        self.out = out
        self.expected = expected or Expected()
        self.use(cfg)

    def use(self, cfg: ProjectConfig) -> None:
        """The config the jobs follow; an edited one while no job runs (the loop holds them)."""
        self.cfg = cfg
        self.rules = {r.name: r for r in compile_rules(cfg)}

    def run(self, job: Job) -> Outcome:
        try:
            for step in job.plan.steps():
                error = _STEPS[step](self, job.service, job.plan)
                if error:
                    return Outcome(False, time.monotonic(), error)
            restarted = job.plan.rebuild or job.plan.restart
            ids = self._containers(job.service) if restarted else []
        except Exception as exc:  # the engine refused: say it in words, keep the loop going
            return Outcome(False, time.monotonic(), engine.explain(exc))
        return Outcome(True, time.monotonic(), restarted=tuple(ids))

    def _containers(self, service: str) -> list[str]:
        ids = engine.containers(self.stack.project, service)
        if not ids:
            raise DevenvError(f"{service} has no container: start the stack with `devenv up`")
        return ids

    def _restart(self, service: str, plan: Plan) -> str:
        svc = self.cfg.services.get(service)
        if svc is not None and svc.dev.process_restart:
            # The supervisor (devenv.render.SUPERVISOR) starts the process again in place.
            for cid in self._containers(service):
                engine.signal(cid, "SIGHUP")
            return ""
        for cid in self._containers(service):
            self.expected.expect([cid], time.monotonic())
            engine.restart(cid)
            engine.wait_running(cid)
        return ""

    def _rebuild(self, service: str, plan: Plan) -> str:
        self.out.note(f"{service}: rebuilding ({_summary(plan)})…", "dim")
        built = engine.compose(self.stack, "build", service, capture=True)
        if built.returncode != 0:
            tail = "\n".join(built.stdout.rstrip().splitlines()[-ERROR_LINES:])
            return f"the build failed, the old container keeps running:\n{tail}"
        old = engine.containers(self.stack.project, service, running=True)
        if old:
            problem = candidate.trial(service, old[0])
            if problem:
                return f"{problem}\nThe new container was dropped; the old one keeps running."
        self.expected.expect(old, time.monotonic())
        up = engine.compose(
            self.stack, "up", "-d", "--no-deps", "--no-build", service, capture=True
        )
        if up.returncode != 0:
            return f"the new container did not start:\n{up.stdout.strip()[-2000:]}"
        for cid in self._containers(service):
            engine.wait_running(cid)
        self.initial_sync(service)
        return ""

    def initial_sync(self, service: str) -> int:
        """Copy what the service's sync rules cover into its containers (a new container has
        only what its image has); the number of files copied."""
        rules = self.rules.get(service)
        if rules is None:
            return 0
        root = self.cfg.root.absolute()
        files = [
            str(path.relative_to(root)).replace(os.sep, "/")
            for source in sync_sources(rules)
            for path in _files(root / source)
        ]
        copies = [engine.FileCopy(root / f.path, f.target) for f in initial_sync(rules, files)]
        for cid in self._containers(service) if copies else ():
            engine.copy_in(cid, copies)
        return len(copies)

    def sync_new(self, service: str) -> None:
        """`initial_sync` for a service that just started, its outcome said."""
        try:
            count = self.initial_sync(service)
        except Exception as exc:  # a service that did not start: its own output says why
            self.out.note(f"{service}: initial sync failed: {engine.explain(exc)}", "red")
            return
        if count:
            self.out.note(f"{service}: synced {count} file(s) into the container", "dim")

    def _sync(self, service: str, plan: Plan) -> str:
        root = self.cfg.root.absolute()
        present = [f for f in plan.sync if (root / f.path).exists()]
        gone = [f.target for f in plan.sync if not (root / f.path).exists()]
        copies = [engine.FileCopy(root / f.path, f.target) for f in present]
        for cid in self._containers(service):
            engine.copy_in(cid, copies)
            engine.remove_in(cid, gone)
        return ""

    def _exec(self, service: str, plan: Plan) -> str:
        for cid in self._containers(service):
            for command in plan.execs:
                code, output = engine.exec_in(cid, engine.split_command(command))
                if code != 0:
                    return f"`{command}` exited {code}:\n{output.strip()[-2000:]}"
        return ""


def unmounted_rules(
    cfg: ProjectConfig, services: tuple[str, ...] = ()
) -> dict[str, list[tuple[int, str, str, re.Pattern[str]]]]:
    """Per service: its restart/exec rules with paths outside every bind mount, as (index in
    dev.reload, where it is written, its paths, a regex of those paths)."""
    found: dict[str, list[tuple[int, str, str, re.Pattern[str]]]] = {}
    for name, svc in cfg.services.items():
        if services and name not in services:
            continue
        for miss in unmounted_reload_paths(svc, cfg.root):
            line, col = cfg.positions.of(("services", name, "dev", "reload", miss.rule_index))
            where = f"{cfg.positions.file}:{line}:{col}"
            pattern = re.compile("|".join(f"(?:{glob_regex(p).pattern})" for p in miss.paths))
            found.setdefault(name, []).append(
                (miss.rule_index, where, ", ".join(miss.paths), pattern)
            )
    return found


def _files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return [p for p in sorted(folder.rglob("*")) if p.is_file()] if folder.is_dir() else []


# A plan's steps, in the words `Plan.steps()` uses, and the executor method for each.
_STEPS: dict[str, Callable[[Executor, str, Plan], str]] = {
    "restart": Executor._restart,
    "rebuild": Executor._rebuild,
    "sync": Executor._sync,
    "exec": Executor._exec,
}


def _summary(plan: Plan) -> str:
    paths = sorted(plan.paths)
    shown = ", ".join(paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


class Reloader:
    """The watch loop of one dev stack, until `stop` is set."""

    def __init__(
        self,
        cfg: ProjectConfig,
        stack: engine.ComposeStack,
        out: Output,
        services: tuple[str, ...] = (),
        expected: Expected | None = None,
    ) -> None:
        self.cfg = cfg
        self.root = cfg.root.absolute()
        self.services = services
        self.rules = compile_rules(cfg, services)
        self.executor = Executor(cfg, stack, out, expected)
        self.out = out
        self.scheduler = Scheduler()
        self.events: queue.Queue[Batch | Done | ConfigDone] = queue.Queue()
        self._generation: dict[str, int] = {}
        # Per service, set once its latest job's line is printed: the next job's lines wait
        # for it (a superseded job's health wait ends within a poll), so they read in order.
        self._reported: dict[str, threading.Event] = {}
        # The config file itself is no source file of any service: an edit of it is a job of
        # its own, run alone (`_config`), never a reload rule's.
        self.config_file = relative(self.root, str(cfg.path.absolute()))
        self._config_wanted = False
        self._config_running = False
        self._unmounted = unmounted_rules(cfg, services)
        self._warned: set[tuple[str, int]] = set()

    def reconfigure(self) -> Applied | None:
        """Apply the edited devenv.yaml to the stack (a seam for the loop's tests)."""
        from devenv.dev import reconfig

        ex = self.executor
        return reconfig.apply(self.cfg, ex.stack, self.out, ex.expected, self.services)

    def run(self, stop: threading.Event) -> None:
        watcher = threading.Thread(target=self._watch, args=(stop,), daemon=True)
        watcher.start()
        while not stop.is_set():
            self._step(time.monotonic())
        watcher.join(timeout=2)

    def _step(self, now: float) -> None:
        wake = self.scheduler.wake_at()
        holding = self._config_wanted or self._config_running
        timeout = 0.2 if wake is None or holding else min(0.2, max(0.0, wake - now))
        try:
            item = self.events.get(timeout=timeout)
        except queue.Empty:
            item = None
        if isinstance(item, Batch):
            burst = is_burst(len(item.paths), item.new_folder)
            self.scheduler.observe(item.received, burst=burst)
            paths = item.paths - {self.config_file}
            self._config_wanted |= paths != item.paths or ".env" in paths
            for service, plan in plan_changes(self.rules, paths).items():
                self._warn_unmounted(service, plan)
                self.scheduler.add(service, plan, item.changed_at, item.received)
        elif isinstance(item, Done):
            self.scheduler.done(item.service)
        elif isinstance(item, ConfigDone):
            self._config_running = False
            if item.applied is not None:
                self.cfg = item.applied.cfg
                self.rules = compile_rules(self.cfg, self.services)
                self._unmounted = unmounted_rules(self.cfg, self.services)
        # An edited config waits for the jobs that run, and holds the others back until it
        # is applied: a job never runs against a stack half old, half new.
        if self._config_wanted and not self._config_running and not self.scheduler.running():
            self._config_wanted, self._config_running = False, True
            threading.Thread(target=self._config, daemon=True).start()
        if self._config_wanted or self._config_running:
            return
        for job in self.scheduler.due(time.monotonic()):
            self._generation[job.service] = self._generation.get(job.service, 0) + 1
            before = self._reported.get(job.service)
            self._reported[job.service] = threading.Event()
            threading.Thread(target=self._run_job, args=(job, before), daemon=True).start()

    def _warn_unmounted(self, service: str, plan: Plan) -> None:
        """The first time a restart or exec rule fires on a path no bind mount brings into
        the container, say that the container cannot see the change (lint's DV233)."""
        for index, where, rule_paths, pattern in self._unmounted.get(service, ()):
            hit = sorted(p for p in plan.paths if pattern.fullmatch(p))
            if hit and (service, index) not in self._warned:
                self._warned.add((service, index))
                self.out.note(
                    f"{service}: {hit[0]} changed, but the rule at {where} ({rule_paths}) "
                    "acts in the container, and no bind mount brings the file in: the "
                    "container still has its image's copy. Mount it (dev.mounts), or use "
                    "action sync or rebuild (`devenv lint`: DV233)",
                    "yellow",
                )

    def _config(self) -> None:
        applied = None
        try:
            applied = self.reconfigure()
            if applied is not None:
                self.executor.use(applied.cfg)
                for service in applied.renewed:
                    self.executor.sync_new(service)
        except Exception as exc:  # the engine refused: say it in words, keep the loop going
            self.out.note(f"devenv.yaml: {engine.explain(exc)}", "red")
        finally:
            self.events.put(ConfigDone(applied))

    def _watch(self, stop: threading.Event) -> None:
        import watchfiles

        def keep(_change: watchfiles.Change, path: str) -> bool:
            rel = relative(self.root, path)
            return rel is not None and not is_noise(rel)

        try:
            for changes in watchfiles.watch(
                self.root,
                watch_filter=keep,
                step=STEP_MS,
                debounce=DEBOUNCE_MS,
                stop_event=stop,
                rust_timeout=500,
                ignore_permission_denied=True,
            ):
                received = time.monotonic()
                paths = {rel for _, p in changes if (rel := relative(self.root, p))}
                folder = any(c == watchfiles.Change.added and os.path.isdir(p) for c, p in changes)
                at = changed_at(self.root, paths, received)
                self.events.put(Batch(paths, at, received, folder))
        except Exception as exc:  # e.g. the inotify watch limit: say so, keep the stack up
            self.out.note(f"file watching stopped: {exc}; fix it and run `devenv watch`", "red")

    def _run_job(self, job: Job, before: threading.Event | None = None) -> None:
        generation = self._generation[job.service]
        reported = self._reported[job.service]
        if before is not None:
            before.wait(timeout=1.0)
        try:
            outcome = self.executor.run(job)
        finally:
            self.events.put(Done(job.service))  # whatever happened, the service is free
        health = "none"

        def superseded() -> bool:
            return self._generation[job.service] != generation

        try:
            for cid in outcome.restarted if outcome.ok else ():
                health = engine.wait_healthy(cid, HEALTH_TIMEOUT, cancelled=superseded)
        except Exception:  # the container went away meanwhile (removed by hand, `down`)
            health = "stopped"
        try:
            self._report(job, outcome, health, time.monotonic())
        except Exception as exc:  # e.g. .devenv/ removed: say so, keep the loop going
            self.out.note(f"{job.service}: {engine.explain(exc)}", "red")
        finally:
            reported.set()

    def _report(self, job: Job, outcome: Outcome, health: str, ready_at: float) -> None:
        running = outcome.running_at - job.since
        latency = (ready_at if health == "healthy" else outcome.running_at) - job.since
        # "cancelled": a newer reload of the service began before this one was healthy.
        ok = outcome.ok and health in ("none", "healthy", "cancelled")
        entry = {
            "action": job.plan.action,
            "ok": ok,
            "latency_s": round(latency, 3),
            "running_s": round(running, 3),
            "health": health,
            "files": len(job.plan.paths),
            "error": outcome.error or None,
        }
        devstack.record_reload(self.cfg, job.service, entry)
        what = f"{job.service}: {job.plan.action} ({_summary(job.plan)})"
        self.out.note(*report_line(what, outcome, health, running, latency))


def report_line(
    what: str, outcome: Outcome, health: str, running: float, latency: float
) -> tuple[str, str]:
    """A job's line and its colour: how long until the change was served (and, for a service
    with a healthcheck, when its container ran and when it was healthy)."""
    if not outcome.ok:
        return f"{what} failed: {outcome.error}", "red"
    if health == "healthy":
        # Healthy as it started (a rebuilt container is tried until healthy): one figure.
        since = f" (running from {running:.2f} s)" if latency - running >= 0.01 else ""
        return f"{what} in {latency:.2f} s, healthy{since}", "green"
    if health in ("none", "cancelled"):
        return f"{what} in {latency:.2f} s", "green"
    return f"{what}: running at {running:.2f} s, then {health}", "yellow"
