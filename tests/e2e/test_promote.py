"""`devenv promote`, `releases`, `rollback` and `diff running` on the real swarm (issue 6).

Each test promotes a small project of its own (a unique stack name, a free loopback port):
a busybox httpd built from the harness's base image with a data volume, a config and a
secret, plus a third-party image pinned through the registry. Containers are reached on a
127.0.0.1 host-mode port, or through `docker exec` for the secret (never served).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

from devenv.prod import registry as registry_api
from devenv.prod.lock import Holder, holder_of
from devenv.prod.state import SwarmLockBackend
from tests.e2e.conftest import DOCKER, REPO, find_free_port, poll_http, run_docker

if TYPE_CHECKING:
    from tests.e2e.conftest import Engine

SECRET = "s3cr3t-" + uuid.uuid4().hex
THIRD_PARTY = "127.0.0.1:5000/devenv-e2e/busybox:1.35"

DOCKERFILE = """\
FROM devenv-test/busybox:1.35 AS prod
WORKDIR /srv/www
COPY index.html /srv/www/index.html
CMD ["sh", "-c", "sleep ${START_DELAY:-0}; echo boot >> /data/boots; \
ln -sf /data/boots /srv/www/boots; exec httpd -f -p 8080 -h /srv/www"]
"""

CONFIG = """\
project: {name}
registry: {registry}
ntp:
  servers: ["{ntp}"]
services:
  app:
    build: {{context: ., target: prod}}
    ports: ["{port}:8080"]
    environment: {{START_DELAY: "{delay}"}}
    data: [/data]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/{health}"]
      interval: 1s
      timeout: 1s
      retries: 2
      start_period: {start}s
    prod:
      publish_mode: host
      update: {{monitor: 1s}}
      resources: {{memory: 32M}}
      configs: [{{source: app.conf, target: /srv/www/app.conf}}]
      secrets: [{{name: api_token, file: token.txt}}]
  side:
    image: {third_party}
    command: ["sleep", "3600"]
    healthcheck: {{test: ["CMD", "true"], interval: 1s}}
    prod:
      resources: {{memory: 16M}}
{extra}"""


class Project(NamedTuple):
    name: str
    root: Path
    port: int
    #: In a git repository, committed at each write; outside git, promoted --allow-dirty.
    git: bool = True

    def write(
        self,
        content: str,
        *,
        health: str = "",
        delay: int = 0,
        extra: str = "",
        registry: str = "127.0.0.1:5000",
        ntp: str = "127.0.0.1:11123",
    ) -> None:
        (self.root / "index.html").write_text(content)
        (self.root / "devenv.yaml").write_text(
            CONFIG.format(
                name=self.name,
                registry=registry,
                ntp=ntp,
                port=self.port,
                delay=delay,
                start=delay + 10 if delay else 0,
                health=health,
                third_party=THIRD_PARTY,
                extra=extra,
            )
        )
        if self.git:
            commit(self.root)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


def devenv(project: Project, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devenv", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def promote(project: Project, tag: str, *args: str) -> subprocess.CompletedProcess[str]:
    dirty = () if project.git else ("--allow-dirty",)
    return devenv(project, "promote", "--yes", "--tag", tag, "--timeout", "60", *dirty, *args)


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def lock_holder(project: Project) -> Holder | None:
    """Who holds the stack's deploy lock, read from the swarm as devenv reads it."""
    import docker

    return holder_of(SwarmLockBackend(docker.from_env(), project.name))


def inspect(kind: str, name: str) -> dict[str, Any] | None:
    proc = subprocess.run(
        [DOCKER, kind, "inspect", name], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return None
    data: list[dict[str, Any]] = json.loads(proc.stdout)
    return data[0]


def service_image(project: Project, service: str) -> str:
    spec = inspect("service", f"{project.name}_{service}")
    assert spec is not None, f"no service {project.name}_{service}"
    return str(spec["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"])


def container_of(project: Project, service: str) -> str:
    proc = run_docker(
        "ps", "-q", "--filter", f"label=com.docker.swarm.service.name={project.name}_{service}"
    )
    ids = proc.stdout.split()
    assert len(ids) == 1, f"expected one running container of {service}, got {ids}"
    return ids[0]


def stack_services(name: str) -> list[str]:
    proc = run_docker("service", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={name}")
    return proc.stdout.split()


def history(project: Project) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok(devenv(project, "releases", "--format", "json")))
    return rows


def remove_everything(name: str) -> None:
    """The stack, its history and lock, then its volumes once no container uses them."""
    subprocess.run([DOCKER, "stack", "rm", name], capture_output=True, check=False)
    configs = [
        c
        for label in (f"io.devenv.release={name}", f"io.devenv.prod.lock={name}")
        for c in subprocess.run(
            [DOCKER, "config", "ls", "-q", "--filter", f"label={label}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
    ]
    if configs:
        subprocess.run([DOCKER, "config", "rm", *configs], capture_output=True, check=False)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        vols = subprocess.run(
            [
                DOCKER,
                "volume",
                "ls",
                "-q",
                "--filter",
                f"label=com.docker.stack.namespace={name}",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if not vols:
            return
        subprocess.run([DOCKER, "volume", "rm", *vols], capture_output=True, check=False)
        time.sleep(0.5)


@pytest.fixture(scope="session")
def third_party(engine: Engine, registry: str, busybox_image: str) -> str:
    run_docker("tag", busybox_image, THIRD_PARTY)
    run_docker("push", THIRD_PARTY)
    return THIRD_PARTY


@pytest.fixture(scope="session")
def harness(engine: Engine, third_party: str, chrony_server: tuple[str, int]) -> None:
    """Every part a promote needs: engine, swarm-ready registry image, NTP server."""


def commit(root: Path) -> None:
    """Commit everything: a promote builds from committed files only (the tree gate)."""
    if not (root / ".git").is_dir():
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        (root / ".gitignore").write_text(".devenv/\n")
    git = ["git", "-C", str(root), "-c", "user.name=e2e", "-c", "user.email=e2e@devenv.test"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "e2e", "--allow-empty"], check=True)


def new_project(root: Path, *, git: bool = True) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "app.conf").write_text("greeting = hello from a swarm config\n")
    (root / "token.txt").write_text(SECRET)
    (root / "Dockerfile").write_text(DOCKERFILE)
    if git:
        commit(root)
    return Project(f"dve2e-{uuid.uuid4().hex[:8]}", root, find_free_port(), git)


@pytest.fixture
def project(harness: None, tmp_path: Path) -> Iterator[Project]:
    proj = new_project(tmp_path / "app")
    yield proj
    remove_everything(proj.name)


@pytest.fixture(scope="module")
def released(harness: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """One project promoted twice (v1, v2), shared by the tests that follow in this file
    in order: inspect it, fail a release, roll back. It is outside git: `diff running`
    then compares with the running release's tag, not with a commit's hash."""
    proj = new_project(tmp_path_factory.mktemp("released") / "app", git=False)
    proj.write("<h1>v1</h1>")
    ok(promote(proj, "v1"))
    proj.write("<h1>v2</h1>")
    ok(promote(proj, "v2"))
    yield proj
    remove_everything(proj.name)


# --- Two promotes: what runs on the swarm ------------------------------------------------


def test_services_run_the_pushed_digests(released: Project) -> None:
    pushed = registry_api.manifest_digest(f"127.0.0.1:5000/{released.name}/app:v2")
    assert service_image(released, "app") == f"127.0.0.1:5000/{released.name}/app:v2@{pushed}"
    third = registry_api.manifest_digest(THIRD_PARTY)
    assert service_image(released, "side") == f"{THIRD_PARTY}@{third}"
    poll_http(released.url(), expect="v2")
    [row1, row2] = history(released)
    assert (row1["number"], row1["tag"], row1["outcome"]) == (1, "v1", "deployed")
    assert (row2["number"], row2["tag"], row2["outcome"]) == (2, "v2", "deployed")
    assert row2["images"]["app"].endswith(pushed)
    assert row1["images"]["app"] != row2["images"]["app"]
    assert {g["name"] for g in row2["gates"]} == {
        "target",
        "registry",
        "lint",
        "ntp",
        "tree",
        "tag",
    }
    tree = next(g["detail"] for g in row2["gates"] if g["name"] == "tree")
    assert tree.endswith(f"{released.root} is not in a git repository")
    assert tree.startswith("--allow-dirty: ")


def test_volume_config_and_secret_exist_and_are_seen(released: Project) -> None:
    volume = inspect("volume", f"{released.name}_app-data")
    assert volume is not None
    # The data volume outlived the first release's container: two boots written to it.
    assert poll_http(released.url("boots")).body == "boot\nboot\n"
    assert "hello from a swarm config" in poll_http(released.url("app.conf")).body
    secret = run_docker("exec", container_of(released, "app"), "cat", "/run/secrets/api_token")
    assert secret.stdout == SECRET
    spec = inspect("service", f"{released.name}_app")
    assert spec is not None
    cs = spec["Spec"]["TaskTemplate"]["ContainerSpec"]
    assert {m["Type"] for m in cs["Mounts"]} == {"volume"}  # no bind mount
    assert [c["File"]["Name"] for c in cs["Configs"]] == ["/srv/www/app.conf"]
    assert [s["File"]["Name"] for s in cs["Secrets"]] == ["/run/secrets/api_token"]


def test_secret_value_is_in_no_record_or_file(released: Project) -> None:
    for path in released.root.rglob("*"):
        if path.is_file() and path.name != "token.txt":
            assert SECRET not in path.read_text(errors="replace"), path
    assert SECRET not in json.dumps(history(released))


def test_diff_running_matches_the_config(released: Project) -> None:
    out = ok(devenv(released, "diff", "running"))
    assert out.startswith("no difference between running")


def test_failed_healthcheck_rolls_back_by_itself(released: Project) -> None:
    before = service_image(released, "app")
    released.write("<h1>v3</h1>", health="missing")
    proc = promote(released, "v3")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "release 3 FAILED:" in proc.stdout
    # The failed task, named with the node it ran on.
    assert re.search(r"service app \(task \w{12} on node [\w.-]+\): task failed", proc.stdout)
    assert "last healthcheck: exit 1" in proc.stdout
    assert "back on release 2 (v2)" in proc.stdout
    assert service_image(released, "app") == before
    poll_http(released.url(), expect="v2")
    rows = history(released)
    assert [(r["number"], r["outcome"]) for r in rows] == [
        (1, "deployed"),
        (2, "deployed"),
        (3, "failed"),
    ]
    released.write("<h1>v2</h1>")


def test_rollback_returns_to_release_1(released: Project) -> None:
    first = history(released)[0]
    out = ok(devenv(released, "rollback", "--yes", "--timeout", "60"))
    assert "release 4 (v1) is live" in out
    assert service_image(released, "app") == first["images"]["app"]
    poll_http(released.url(), expect="v1")
    last = history(released)[-1]
    assert (last["kind"], last["rollback_of"], last["outcome"]) == ("rollback", 1, "deployed")
    table = ok(devenv(released, "releases"))
    assert table.splitlines()[1].startswith("*  4")
    mirrored = sorted(p.name for p in (released.root / ".devenv" / "releases").iterdir())
    assert mirrored == ["1.json", "2.json", "3.json", "4.json"]


# --- Gates stop a promote before anything is deployed --------------------------------------


@pytest.mark.parametrize("fault", ["lint", "ntp", "registry"])
def test_gate_failure_stops_before_deploy(project: Project, fault: str) -> None:
    dead = f"127.0.0.1:{find_free_port()}"
    if fault == "lint":
        project.write("x", extra="lint:\n  override: {error: [DL3007]}\n")
        dockerfile = project.root / "Dockerfile"
        dockerfile.write_text(dockerfile.read_text().replace(":1.35 AS", ":latest AS"))
        commit(project.root)
    else:
        project.write("x", **{fault: dead})
    proc = promote(project, "v1")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"gate {fault}: FAILED" in proc.stdout
    assert "nothing was built or deployed" in proc.stdout
    assert stack_services(project.name) == []
    assert history(project) == []


# --- A release's tag never moves; only --allow-dirty builds from uncommitted files -------


def test_a_tag_is_refused_for_other_content_unless_forced(project: Project) -> None:
    ref = f"127.0.0.1:5000/{project.name}/app:r1"
    project.write("<h1>first</h1>")
    ok(promote(project, "r1", "--skip-ntp"))
    first = registry_api.manifest_digest(ref)
    project.write("<h1>second</h1>")
    refused = promote(project, "r1", "--skip-ntp")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert f"{ref} already names another image ({first}), held by release 1 (" in refused.stderr
    assert registry_api.manifest_digest(ref) == first  # nothing was pushed over it
    assert [r["number"] for r in history(project)] == [1]
    poll_http(project.url(), expect="first")

    (project.root / "index.html").write_text("<h1>third</h1>")  # not committed
    dirty = promote(project, "r1", "--skip-ntp", "--force-retag")
    assert dirty.returncode == 1, dirty.stdout + dirty.stderr
    assert "gate tree: FAILED: uncommitted changes in what the images are built from" in (
        dirty.stdout
    )
    forced = ok(promote(project, "r1", "--skip-ntp", "--force-retag", "--allow-dirty"))
    assert f"gate tag: ok: --force-retag: moved r1: app from {first} (release 1 (" in forced
    poll_http(project.url(), expect="third")
    assert registry_api.manifest_digest(ref) != first
    gates = {g["name"]: g["detail"] for g in history(project)[-1]["gates"]}
    assert gates["tree"] == "--allow-dirty: built with uncommitted changes in index.html"
    assert gates["tag"].startswith(f"--force-retag: moved r1: app from {first}")


# --- Concurrency and interruption ---------------------------------------------------------


def wait_for(what: str, check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_second_promote_fails_naming_the_holder_or_waits(project: Project) -> None:
    project.write("<h1>slow</h1>", delay=6)
    argv = [sys.executable, "-m", "devenv", "promote", "--yes", "--skip-ntp", "--tag"]
    pipes: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    first = subprocess.Popen([*argv, "a"], cwd=project.root, **pipes)
    others: list[subprocess.Popen[str]] = []
    try:
        wait_for("the lock", lambda: lock_holder(project) is not None)
        others.append(subprocess.Popen([*argv, "b", "--lock-wait", "0"], cwd=project.root, **pipes))
        others.append(
            subprocess.Popen([*argv, "c", "--lock-wait", "120"], cwd=project.root, **pipes)
        )
        (out, err), (_, refused), (waited, _) = (
            p.communicate(timeout=120) for p in [first, *others]
        )
    finally:
        for p in [first, *others]:
            p.kill()
    assert first.returncode == 0, out + err
    assert others[0].returncode == 1, refused
    assert f"stack {project.name} is locked by " in refused
    assert f"(promote a, pid {first.pid} on " in refused
    assert others[1].returncode == 0, waited
    assert "lock: waiting up to 120s for " in waited
    assert [(r["number"], r["tag"]) for r in history(project)] == [(1, "a"), (2, "c")]


def test_promote_killed_mid_deploy_then_rerun_converges(project: Project) -> None:
    project.write("<h1>one</h1>")
    ok(promote(project, "one", "--skip-ntp"))
    project.write("<h1>two</h1>", delay=5)
    killed = subprocess.Popen(
        [sys.executable, "-m", "devenv", "promote", "--yes", "--tag", "two", "--skip-ntp"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for("the deploy", lambda: ":two@" in service_image(project, "app"))
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    # The lock names a process that is gone: the rerun takes it over and converges.
    left = lock_holder(project)
    assert left is not None
    assert left.pid == killed.pid
    assert [r["number"] for r in history(project)] == [1]
    rerun = promote(project, "two", "--skip-ntp")
    assert "lock: took over from " in ok(rerun)
    poll_http(project.url(), expect="two")
    rows = history(project)
    assert [(r["number"], r["tag"], r["outcome"]) for r in rows] == [
        (1, "one", "deployed"),
        (2, "two", "deployed"),
    ]
    assert lock_holder(project) is None


def test_promote_terminated_mid_deploy_says_what_state_the_stack_is_in(
    project: Project,
) -> None:
    # Issue 14 item 10: SIGTERM mid-deploy exited 130 without a word.
    project.write("<h1>one</h1>")
    ok(promote(project, "one", "--skip-ntp"))
    project.write("<h1>two</h1>", delay=5)
    term = subprocess.Popen(
        [sys.executable, "-m", "devenv", "promote", "--yes", "--tag", "two", "--skip-ntp"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for("the deploy", lambda: ":two@" in service_image(project, "app"))
        term.send_signal(signal.SIGTERM)
        out, err = term.communicate(timeout=60)
    finally:
        term.kill()
    assert term.returncode == 130, out + err
    assert f"interrupted during the deploy of release 2 (two) to swarm stack {project.name}" in out
    assert "rerun `devenv promote --tag two`" in out
    assert "`devenv rollback --to 1`" in out
    assert lock_holder(project) is None
    assert [r["number"] for r in history(project)] == [1]


def test_dry_run_prints_the_stack_and_its_diff(project: Project) -> None:
    project.write("<h1>dry</h1>")
    out = ok(promote(project, "dry", "--dry-run", "--skip-ntp"))
    assert f"image: 127.0.0.1:5000/{project.name}/app:dry" in out.replace('"', "")
    assert "app:\n  only in promote" in out
    assert stack_services(project.name) == []


def test_repo_example_hello_promotes(harness: None, tmp_path: Path) -> None:
    """examples/hello as shipped (copied, with a name of its own), on a free port."""
    import shutil

    root = tmp_path / "hello"
    shutil.copytree(REPO / "examples" / "hello", root, ignore=shutil.ignore_patterns(".devenv"))
    name = f"dve2e-hello-{uuid.uuid4().hex[:6]}"
    config = root / "devenv.yaml"
    config.write_text(config.read_text().replace("project: hello", f"project: {name}"))
    commit(root)
    port = find_free_port()
    env = {**os.environ, "HELLO_PORT": str(port)}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "devenv", "promote", "--yes", "--tag", "e2e"],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        poll_http(f"http://127.0.0.1:{port}/", expect="Hello from devenv")
    finally:
        remove_everything(name)


def test_compose_target_promotes_and_rolls_back(harness: None, tmp_path: Path) -> None:
    proj = new_project(tmp_path / "app")
    try:
        proj.write("<h1>c1</h1>")
        ok(promote(proj, "c1", "--target", "compose", "--skip-ntp"))
        poll_http(proj.url(), expect="c1")
        proj.write("<h1>c2</h1>")
        ok(promote(proj, "c2", "--target", "compose", "--skip-ntp"))
        poll_http(proj.url(), expect="c2")
        assert "hello from a swarm config" in poll_http(proj.url("app.conf")).body
        ok(devenv(proj, "rollback", "--yes", "--target", "compose"))
        poll_http(proj.url(), expect="c1")
        lines = ok(devenv(proj, "releases", "--target", "compose")).splitlines()[1:]
        assert lines[0].startswith("*  3")
        assert [line.split()[0] for line in lines[1:]] == ["2", "1"]
        assert stack_services(proj.name) == []  # nothing went to the swarm
    finally:
        subprocess.run(
            [DOCKER, "compose", "-p", proj.name, "down", "-v", "--remove-orphans"],
            capture_output=True,
            check=False,
        )
