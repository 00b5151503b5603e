"""Hot reload decisions (issue 4): which change asks which service for what, and when."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.config import load_config
from devenv.dev.plan import (
    Plan,
    Scheduler,
    ServiceRules,
    SyncFile,
    compile_rules,
    glob_regex,
    initial_sync,
    is_burst,
    is_noise,
    plan_change,
    plan_changes,
    sync_sources,
)

CONFIG = """\
project: demo
services:
  web:
    build: {context: ., dockerfile: docker/Dockerfile.web}
    dev:
      ignore: ["src/generated/**", "*.log"]
      reload:
        - paths: ["src/templates/**"]
          action: exec
          exec: kill -HUP 1
        - paths: ["src/**/*.py", "settings.toml"]
          action: restart
        - paths: ["static"]
          action: sync
          source: static
          target: /app/static
        - paths: ["assets/**"]
          action: sync
          target: /srv
        - paths: ["docker/base.env"]
          action: rebuild
  worker:
    build: {context: worker}
    dev:
      reload:
        - paths: ["src/**/*.py"]
          action: restart
        - paths: ["worker/requirements.txt"]
          action: restart
  db:
    image: postgres:16
"""


@pytest.fixture
def rules(write_config: Callable[..., Path]) -> dict[str, ServiceRules]:
    cfg = load_config(write_config(CONFIG), env={})
    return {r.name: r for r in compile_rules(cfg)}


@pytest.mark.parametrize(
    ("path", "noise"),
    [
        (".git/index", True),
        ("src/.git/HEAD", True),
        ("src/__pycache__/app.cpython-311.pyc", True),
        ("web/node_modules/left-pad/index.js", True),
        (".devenv/state.json", True),
        ("src/.app.py.swp", True),
        ("src/app.py.swx", True),
        ("src/4913", True),
        ("src/app.py~", True),
        ("src/#app.py#", True),
        ("src/.#app.py", True),
        ("src/app.py___jb_tmp___", True),
        ("src/app.py", False),
        ("src/gitignore.py", False),
        (".gitignore", False),
        ("node_modules.txt", False),
        ("src/modules/node.js", False),
        ("Dockerfile", False),
        ("src/swp.py", False),
        ("src/49130", False),
        ("src/app~.py", False),
        (".github/workflows/ci.yml", False),
    ],
)
def test_noise(path: str, noise: bool) -> None:
    assert is_noise(path) is noise


@pytest.mark.parametrize(
    ("pattern", "path", "hit"),
    [
        ("Dockerfile", "Dockerfile", True),
        ("Dockerfile", "sub/Dockerfile", False),
        ("./Dockerfile", "Dockerfile", True),
        ("src", "src/a/b.py", True),
        ("src/", "src/a.py", True),
        ("src", "srcs/a.py", False),
        ("src/*.py", "src/a.py", True),
        ("src/*.py", "src/a/b.py", False),
        ("src/**/*.py", "src/a.py", True),
        ("src/**/*.py", "src/a/b/c.py", True),
        ("src/**/*.py", "src/a/b/c.pyc", False),
        ("src/**", "src/a/b", True),
        ("src/**", "src", False),
        ("**/*.py", "a.py", True),
        ("**/*.py", "x/y/a.py", True),
        ("*.py", "x/a.py", False),
        ("req?.txt", "req1.txt", True),
        ("req?.txt", "req/.txt", False),
        ("req[0-9].txt", "req5.txt", True),
        ("req[!0-9].txt", "req5.txt", False),
        ("a+b.txt", "a+b.txt", True),
        ("a+b.txt", "aab.txt", False),
    ],
)
def test_glob(pattern: str, path: str, hit: bool) -> None:
    assert (glob_regex(pattern).fullmatch(path) is not None) is hit


@pytest.mark.parametrize(
    ("service", "path", "expected"),
    [
        # The first matching rule wins: templates exec, even though src/** would restart.
        ("web", "src/templates/index.html", Plan(execs=("kill -HUP 1",))),
        ("web", "src/app/views.py", Plan(restart=True)),
        ("web", "settings.toml", Plan(restart=True)),
        (
            "web",
            "static/css/a.css",
            Plan(sync=(SyncFile("static/css/a.css", "/app/static/css/a.css"),)),
        ),
        (
            "web",
            "assets/logo.png",
            Plan(sync=(SyncFile("assets/logo.png", "/srv/assets/logo.png"),)),
        ),
        ("web", "docker/base.env", Plan(rebuild=True)),
        # Rebuild by default: the service's Dockerfile and manifests in its build context.
        ("web", "docker/Dockerfile.web", Plan(rebuild=True)),
        ("web", "requirements.txt", Plan(rebuild=True)),
        ("web", "requirements-dev.txt", Plan(rebuild=True)),
        ("web", "pyproject.toml", Plan(rebuild=True)),
        ("web", "frontend/package-lock.json", Plan(rebuild=True)),
        ("web", "api/Api.csproj", Plan(rebuild=True)),
        ("worker", "worker/Dockerfile", Plan(rebuild=True)),
        ("worker", "worker/Gemfile.lock", Plan(rebuild=True)),
        # An explicit rule comes first, even for a manifest.
        ("worker", "worker/requirements.txt", Plan(restart=True)),
    ],
)
def test_plan_fires(
    rules: dict[str, ServiceRules], service: str, path: str, expected: Plan
) -> None:
    plan = plan_change(rules[service], path)
    assert plan is not None
    assert (plan.rebuild, plan.restart, plan.execs, plan.sync) == (
        expected.rebuild,
        expected.restart,
        expected.execs,
        expected.sync,
    )
    assert plan.paths == {path}


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("web", "README.md"),  # no rule
        ("web", "Dockerfile"),  # not web's Dockerfile
        ("web", "docker/Dockerfile"),
        ("web", "src/generated/models.py"),  # dev.ignore
        ("web", "debug.log"),
        ("web", "src/__pycache__/views.cpython-311.pyc"),  # noise
        ("web", "src/.views.py.swp"),
        ("web", "node_modules/x/package.json"),
        ("web", ".git/HEAD"),
        ("web", ".devenv/compose.dev.yml"),
        ("web", "../elsewhere/app.py"),
        ("web", "src/app/views.pyc"),
        ("web", "staticfiles/x.css"),
        ("worker", "Dockerfile"),  # outside worker's build context
        ("worker", "requirements.txt"),
        ("worker", "worker/README.md"),
        ("worker", "worker/requirements.txt.bak"),
        ("db", "Dockerfile"),  # an image service has no build inputs
        ("db", "requirements.txt"),
        ("db", "src/app.py"),
    ],
)
def test_plan_does_not_fire(rules: dict[str, ServiceRules], service: str, path: str) -> None:
    assert plan_change(rules[service], path) is None


def test_sync_outside_its_source_copies_nothing(write_config: Callable[..., Path]) -> None:
    text = """\
project: demo
services:
  web:
    image: nginx
    dev:
      reload:
        - {paths: ["**/*.css"], action: sync, source: static, target: /srv}
"""
    (rules,) = compile_rules(load_config(write_config(text), env={}))
    assert plan_change(rules, "other/site.css") is None
    assert plan_change(rules, "static/site.css") is not None


JOINT = """\
project: demo
services:
  web:
    image: nginx
    dev:
      reload:
        - {paths: ["app/**"], action: sync, source: app, target: /srv/app}
        - {paths: ["app/static/**"], action: exec, exec: "kill -HUP 1"}
        - {paths: ["app/**"], action: restart}
        - {paths: ["hooks/**"], action: sync, source: hooks, target: /srv/hooks}
        - {paths: ["hooks/**"], action: exec, exec: "kill -HUP 1"}
        - {paths: ["conf/**", "x.toml"], action: sync, source: conf, target: /etc/x}
        - {paths: ["conf/**"], action: restart}
        - {paths: ["**"], action: sync, source: www, target: /www}
        - {paths: ["**"], action: restart}
"""


@pytest.mark.parametrize(
    ("path", "steps", "synced"),
    [
        # a sync and a restart of the same paths: Compose's sync+restart
        ("app/main.py", ("sync", "restart"), ("/srv/app/main.py",)),
        # the first rule takes app/static too: a later rule of other paths never joins
        ("app/static/a.css", ("sync", "restart"), ("/srv/app/static/a.css",)),
        # a sync and an exec of the same paths: Compose's sync+exec
        ("hooks/on.sh", ("sync", "exec"), ("/srv/hooks/on.sh",)),
        # the same paths means the same list: ["conf/**", "x.toml"] is not ["conf/**"]
        ("conf/a.ini", ("sync",), ("/etc/x/a.ini",)),
        # the joint rule's sync copies nothing outside its source: the restart stays
        ("README.md", ("restart",), ()),
        ("www/index.html", ("sync", "restart"), ("/www/index.html",)),
    ],
)
def test_rules_of_the_same_paths_join(
    write_config: Callable[..., Path], path: str, steps: tuple[str, ...], synced: tuple[str, ...]
) -> None:
    (rules,) = compile_rules(load_config(write_config(JOINT), env={}))
    plan = plan_change(rules, path)
    assert plan is not None
    assert plan.steps() == steps
    assert tuple(f.target for f in plan.sync) == synced


def test_initial_sync_takes_a_joint_rules_files(write_config: Callable[..., Path]) -> None:
    (rules,) = compile_rules(load_config(write_config(JOINT), env={}))
    files = ["app/main.py", "hooks/on.sh", "README.md"]
    assert [f.target for f in initial_sync(rules, files)] == [
        "/srv/app/main.py",
        "/srv/hooks/on.sh",
    ]


def test_compile_rules_keeps_only_the_services_asked_for(
    write_config: Callable[..., Path],
) -> None:
    cfg = load_config(write_config(CONFIG), env={})
    assert [r.name for r in compile_rules(cfg, ("worker",))] == ["worker"]
    assert [r.name for r in compile_rules(cfg)] == ["web", "worker", "db"]


def test_a_burst_of_5000_files_is_one_plan_per_service(rules: dict[str, ServiceRules]) -> None:
    paths = {f"src/pkg{i % 50}/mod{i}.py" for i in range(5000)} | {"README.md"}
    plans = plan_changes(tuple(rules.values()), paths)
    assert set(plans) == {"web", "worker"}
    assert plans["web"].action == "restart"
    assert plans["web"].steps() == ("restart",)
    assert len(plans["web"].paths) == 5000


def test_a_rebuild_in_a_batch_supersedes_restarts(rules: dict[str, ServiceRules]) -> None:
    plans = plan_changes(tuple(rules.values()), {"src/a.py", "docker/Dockerfile.web"})
    assert plans["web"].steps() == ("rebuild",)
    assert plans["worker"].steps() == ("restart",)


@pytest.mark.parametrize(
    ("plans", "steps", "action"),
    [
        ([Plan(restart=True), Plan(rebuild=True)], ("rebuild",), "rebuild"),
        ([Plan(rebuild=True), Plan(restart=True)], ("rebuild",), "rebuild"),
        ([Plan(sync=(SyncFile("a", "/a"),)), Plan(rebuild=True)], ("rebuild",), "rebuild"),
        ([Plan(sync=(SyncFile("a", "/a"),)), Plan(restart=True)], ("sync", "restart"), "restart"),
        ([Plan(execs=("x",)), Plan(sync=(SyncFile("a", "/a"),))], ("sync", "exec"), "exec"),
        ([Plan(execs=("x",)), Plan(execs=("x",))], ("exec",), "exec"),
        ([Plan(sync=(SyncFile("a", "/a"),))], ("sync",), "sync"),
        ([Plan(restart=True), Plan(restart=True)], ("restart",), "restart"),
    ],
)
def test_merge(plans: list[Plan], steps: tuple[str, ...], action: str) -> None:
    merged = plans[0]
    for plan in plans[1:]:
        merged = merged.merge(plan)
    assert merged.steps() == steps
    assert merged.action == action


def test_merge_keeps_one_copy_per_target_and_all_paths() -> None:
    a = Plan(sync=(SyncFile("s/a", "/t/a"), SyncFile("s/b", "/t/b")), paths=frozenset({"s/a"}))
    b = Plan(sync=(SyncFile("s/a", "/t/a"),), execs=("x",), paths=frozenset({"s/b"}))
    merged = a.merge(b)
    assert sorted(f.target for f in merged.sync) == ["/t/a", "/t/b"]
    assert merged.execs == ("x",)
    assert merged.paths == {"s/a", "s/b"}


RESTART = Plan(restart=True)
REBUILD = Plan(rebuild=True)


def test_scheduler_runs_a_quiet_service_at_once() -> None:
    s = Scheduler()
    s.add("web", RESTART, changed_at=9.5, now=10.0)
    assert s.due(10.0) == [("web", RESTART, 9.5)]
    assert s.busy("web")
    assert s.due(10.0) == []


def test_scheduler_waits_for_quiet() -> None:
    s = Scheduler(quiet=0.1)
    s.add("web", RESTART, 10.0, 10.0)
    assert s.wake_at() == pytest.approx(10.1)
    assert s.due(10.05) == []
    s.add("web", RESTART, 10.06, 10.06)
    assert s.due(10.1) == []
    assert [j.since for j in s.due(10.2)] == [10.0]


@pytest.mark.parametrize(
    ("changed", "new_folder", "burst"),
    [
        (1, False, False),
        (19, False, False),
        (20, False, True),
        (5000, False, True),
        (1, True, True),
    ],
)
def test_is_burst(changed: int, new_folder: bool, burst: bool) -> None:
    assert is_burst(changed, new_folder) is burst


def test_a_burst_holds_every_job_until_no_file_changes() -> None:
    s = Scheduler(quiet=0.0, burst_quiet=1.0)
    s.observe(10.0, burst=True)
    s.add("web", RESTART, 10.0, 10.0)
    assert s.due(10.5) == []
    assert s.wake_at() == pytest.approx(11.0)
    # The checkout goes on with files no rule of web matches: web still waits.
    s.observe(10.8, burst=False)
    assert s.due(11.5) == []
    s.observe(11.6, burst=False)
    s.add("worker", RESTART, 11.6, 11.6)
    assert s.due(12.5) == []
    assert sorted(j.service for j in s.due(12.6)) == ["web", "worker"]


def test_after_a_burst_a_lone_save_is_handled_at_once() -> None:
    s = Scheduler(quiet=0.0, burst_quiet=1.0)
    s.observe(10.0, burst=True)
    assert s.due(11.0) == []
    s.observe(20.0, burst=False)
    s.add("web", RESTART, 20.0, 20.0)
    assert [j.service for j in s.due(20.0)] == ["web"]


def test_changes_during_a_job_give_exactly_one_more() -> None:
    s = Scheduler()
    s.add("web", RESTART, 1.0, 1.0)
    assert len(s.due(1.0)) == 1
    for i in range(100):
        s.add("web", RESTART, 1.1 + i / 1000, 1.1 + i / 1000)
    assert s.due(2.0) == []  # still busy
    assert s.wake_at() is None
    s.done("web")
    second = s.due(2.0)
    assert [(j.service, j.plan.action, j.since) for j in second] == [("web", "restart", 1.1)]
    s.done("web")
    assert s.due(3.0) == []
    assert s.idle()


def test_a_rebuild_pending_supersedes_a_restart_pending() -> None:
    s = Scheduler()
    s.add("web", RESTART, 1.0, 1.0)
    s.due(1.0)
    s.add("web", RESTART, 1.1, 1.1)
    s.add("web", REBUILD, 1.2, 1.2)
    s.add("web", RESTART, 1.3, 1.3)
    assert s.pending("web") == RESTART.merge(REBUILD)
    s.done("web")
    (job,) = s.due(1.4)
    assert job.plan.steps() == ("rebuild",)


def test_services_are_independent() -> None:
    s = Scheduler()
    s.add("web", REBUILD, 1.0, 1.0)
    assert len(s.due(1.0)) == 1
    s.add("worker", RESTART, 1.1, 1.1)
    s.add("web", RESTART, 1.1, 1.1)
    assert [j.service for j in s.due(1.2)] == ["worker"]
    assert not s.idle()


def test_sync_sources_are_the_sync_rules_folders(rules: dict[str, ServiceRules]) -> None:
    assert sync_sources(rules["web"]) == ("static", "")
    assert sync_sources(rules["worker"]) == ()


def test_initial_sync_copies_what_a_change_would_sync(rules: dict[str, ServiceRules]) -> None:
    files = [
        "static/site.css",
        "static/img/logo.png",
        "static/.site.css.swp",  # noise: never synced
        "assets/font.woff",
        "src/generated/x.py",  # dev.ignore
        "src/app.py",  # a restart rule's file: restarting is not a copy
        "src/templates/page.html",  # an exec rule's file
    ]
    assert initial_sync(rules["web"], files) == (
        SyncFile("assets/font.woff", "/srv/assets/font.woff"),
        SyncFile("static/img/logo.png", "/app/static/img/logo.png"),
        SyncFile("static/site.css", "/app/static/site.css"),
    )


def test_initial_sync_of_a_service_without_sync_rules_is_empty(
    rules: dict[str, ServiceRules],
) -> None:
    assert initial_sync(rules["worker"], ["src/app.py", "worker/requirements.txt"]) == ()
    assert initial_sync(rules["web"], []) == ()
