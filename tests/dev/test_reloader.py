from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.console import Console

from devenv.config import load_config
from devenv.dev import reloader
from devenv.dev import stackfile as devstack
from devenv.dev.logstream import Output
from devenv.dev.plan import Job
from devenv.dev.reconfig import Applied
from devenv.dev.reloader import Batch, Outcome, Reloader

CONFIG = """\
project: demo
services:
  web:
    build: {context: .}
    dev:
      reload:
        - {paths: ["src/**"], action: restart}
  worker:
    image: busybox:1.36
    dev:
      reload:
        - {paths: ["jobs/**"], action: exec, exec: "kill -HUP 1"}
"""


def test_relative() -> None:
    root = Path("/p")
    assert reloader.relative(root, "/p/src/a.py") == "src/a.py"
    assert reloader.relative(root, "/elsewhere/a.py") is None
    assert reloader.relative(root, "/") is None


def test_changed_at_is_the_oldest_change_of_the_batch(tmp_path: Path) -> None:
    (tmp_path / "new.py").write_text("")
    (tmp_path / "older.py").write_text("")
    now = time.time()
    os.utime(tmp_path / "older.py", (now - 0.2, now - 0.2))
    at = reloader.changed_at(tmp_path, {"new.py", "older.py", "deleted.py"}, received=100.0)
    assert at == pytest.approx(99.8, abs=0.04)
    os.utime(tmp_path / "older.py", (now - 3600, now - 3600))  # copied with its old mtime
    at = reloader.changed_at(tmp_path, {"older.py"}, received=100.0)
    assert 100.0 - at == pytest.approx((reloader.DEBOUNCE_MS + reloader.STEP_MS) / 1000)
    at = reloader.changed_at(tmp_path, {"deleted.py"}, received=100.0)
    assert at == pytest.approx(100.0 - reloader.STEP_MS / 1000)


class FakeExecutor:
    """Records the jobs; each one waits until the test lets it finish."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self.release = threading.Semaphore(0)

    def run(self, job: Job) -> Outcome:
        self.jobs.append(job)
        self.release.acquire(timeout=10)
        return Outcome(True, time.monotonic())


@pytest.fixture
def loop(write_config: Callable[..., Path]) -> Iterator[tuple[Reloader, FakeExecutor, io.StringIO]]:
    cfg = load_config(write_config(CONFIG), env={})
    buf = io.StringIO()
    out = Output(cfg.services, Console(file=buf, width=200, color_system=None))
    r = Reloader(cfg, devstack.stack(cfg), out)
    fake = FakeExecutor()
    r.executor = fake  # type: ignore[assignment]
    yield r, fake, buf
    for _ in range(10):  # no job thread outlives the test
        fake.release.release()


def _settle(r: Reloader, until: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not until():
        assert time.monotonic() < deadline, "the loop did not get there"
        r._step(time.monotonic())


def test_a_job_per_service_and_one_more_for_changes_during_it(
    loop: tuple[Reloader, FakeExecutor, io.StringIO],
) -> None:
    r, fake, buf = loop
    now = time.monotonic()
    r.events.put(Batch({"src/a.py", "jobs/x.sh", "README.md"}, now - 0.1, now))
    _settle(r, lambda: len(fake.jobs) == 2)
    assert sorted((j.service, j.plan.action) for j in fake.jobs) == [
        ("web", "restart"),
        ("worker", "exec"),
    ]
    for i in range(3):  # while web's job runs
        r.events.put(Batch({f"src/b{i}.py"}, time.monotonic(), time.monotonic()))
    _settle(r, lambda: r.events.empty())
    assert len(fake.jobs) == 2
    fake.release.release()
    fake.release.release()
    _settle(r, lambda: len(fake.jobs) == 3)
    third = fake.jobs[2]
    assert third.service == "web"
    assert third.plan.paths == {"src/b0.py", "src/b1.py", "src/b2.py"}
    fake.release.release()
    # Each job's line is printed when it ends, from its own thread: wait for both lines
    # (a loaded machine printed web's before worker's had come).
    _settle(
        r,
        lambda: (
            r.scheduler.idle()
            and "b2.py" in buf.getvalue()
            and "worker: exec (jobs/x.sh) in" in buf.getvalue()
        ),
    )
    assert len(fake.jobs) == 3
    assert "web: restart (src/a.py) in" in buf.getvalue()
    assert "worker: exec (jobs/x.sh) in" in buf.getvalue()
    state = devstack.read_state(r.cfg)["services"]
    assert state["web"]["last_reload"]["ok"] is True
    assert state["web"]["last_reload"]["files"] == 3


def test_a_failed_job_is_reported_and_the_loop_goes_on(
    loop: tuple[Reloader, FakeExecutor, io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    r, fake, buf = loop
    monkeypatch.setattr(
        fake, "run", lambda job: Outcome(False, time.monotonic(), "the build failed")
    )
    r.events.put(Batch({"src/a.py"}, time.monotonic(), time.monotonic()))
    _settle(r, lambda: "failed:" in buf.getvalue())  # (the test's folder is named "failed")
    assert "web: restart (src/a.py) failed: the build failed" in buf.getvalue()
    assert devstack.read_state(r.cfg)["services"]["web"]["last_reload"]["ok"] is False


def test_a_config_edit_waits_for_running_jobs_holds_the_others_and_swaps_the_rules(
    loop: tuple[Reloader, FakeExecutor, io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    r, fake, _buf = loop
    applying = threading.Event()
    finish = threading.Event()
    r.cfg.path.write_text(CONFIG.replace("src/**", "lib/**"))  # web's rule watches lib/ now
    edited = load_config(r.cfg.path, env={})
    applied = Applied(edited, ())
    fake.use = lambda cfg: None  # type: ignore[attr-defined]

    def reconfigure() -> Applied | None:
        applying.set()
        finish.wait(timeout=10)
        return applied

    monkeypatch.setattr(r, "reconfigure", reconfigure)
    now = time.monotonic()
    r.events.put(Batch({"src/a.py"}, now, now))
    _settle(r, lambda: len(fake.jobs) == 1)
    # devenv.yaml changes while web's job runs, and so does a file of worker's.
    r.events.put(Batch({"devenv.yaml", "jobs/x.sh"}, time.monotonic(), time.monotonic()))
    _settle(r, lambda: r.events.empty())
    r._step(time.monotonic())
    assert not applying.is_set(), "the config job did not wait for web's job"
    assert len(fake.jobs) == 1, "worker's job ran beside an unapplied config"
    fake.release.release()  # web's job ends: now the config job runs, and only it
    _settle(r, applying.is_set)
    r._step(time.monotonic())
    assert len(fake.jobs) == 1
    finish.set()
    _settle(r, lambda: len(fake.jobs) == 2)
    assert fake.jobs[1].service == "worker"
    assert not any("devenv.yaml" in j.plan.paths for j in fake.jobs)
    assert r.cfg is edited
    assert {rule.name for rule in r.rules} >= {"web"}
    fake.release.release()
    r.events.put(Batch({"lib/b.py"}, time.monotonic(), time.monotonic()))
    _settle(r, lambda: len(fake.jobs) == 3)  # the new rule is the one in force
    assert fake.jobs[2].service == "web"


def test_a_config_edit_that_is_not_applied_keeps_the_old_rules(
    loop: tuple[Reloader, FakeExecutor, io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    r, fake, _buf = loop
    calls: list[float] = []
    monkeypatch.setattr(r, "reconfigure", lambda: calls.append(time.monotonic()))
    old_cfg = r.cfg
    r.events.put(Batch({"devenv.yaml"}, time.monotonic(), time.monotonic()))
    _settle(r, lambda: bool(calls) and not r._config_running)
    assert r.cfg is old_cfg
    assert not fake.jobs
    r.events.put(Batch({"src/a.py"}, time.monotonic(), time.monotonic()))
    _settle(r, lambda: len(fake.jobs) == 1)


@pytest.mark.parametrize(
    ("ok", "health", "line", "colour"),
    [
        (True, "none", "web: restart (a) in 0.30 s", "green"),
        (True, "cancelled", "web: restart (a) in 0.30 s", "green"),
        (True, "healthy", "web: restart (a) in 2.10 s, healthy (running from 0.30 s)", "green"),
        (True, "unhealthy", "web: restart (a): running at 0.30 s, then unhealthy", "yellow"),
        (True, "stopped", "web: restart (a): running at 0.30 s, then stopped", "yellow"),
        (False, "none", "web: restart (a) failed: boom", "red"),
        (True, "healthy-at-once", "web: restart (a) in 0.30 s, healthy", "green"),
    ],
)
def test_report_line(ok: bool, health: str, line: str, colour: str) -> None:
    outcome = Outcome(ok, 0.0, "" if ok else "boom")
    latency = 2.1 if health == "healthy" else 0.3
    health = health.removesuffix("-at-once")
    assert reloader.report_line("web: restart (a)", outcome, health, 0.3, latency) == (
        line,
        colour,
    )


def test_a_jobs_lines_wait_for_the_previous_job_of_its_service(
    loop: tuple[Reloader, FakeExecutor, io.StringIO],
) -> None:
    r, fake, buf = loop
    first = threading.Event()  # the previous job's line, not printed yet
    r._generation["web"] = 1
    r._reported["web"] = threading.Event()
    job = Job("web", next(iter(reloader.plan_changes(r.rules, {"src/a.py"}).values())), 0.0)
    thread = threading.Thread(target=r._run_job, args=(job, first), daemon=True)
    thread.start()
    time.sleep(0.2)
    assert not fake.jobs, "the job ran before the previous one's line was printed"
    first.set()
    fake.release.release()
    thread.join(timeout=5)
    assert len(fake.jobs) == 1
    assert "web: restart (src/a.py) in" in buf.getvalue()
    assert r._reported["web"].is_set()
