"""`devenv up` on the real engine (issue 4): edits reach the running service over HTTP.

Each test runs a copy of examples/hello under its own project name and a free port, so
tests (and other engineers sharing the engine) never meet. Only HTTP on 127.0.0.1 is used
to see what the service serves; the engine is asked which containers run and when.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES
from tests.e2e.conftest import HttpGet, run_docker, started_at

pytestmark = pytest.mark.slow

# The dev command copies the mounted source at start: what it serves changes only when the
# container restarts, so HTTP tells a restart from a mere bind-mount edit.
COPY_AT_START = ["sh", "-c", "cp -r /srv/www/. /tmp/www/ && exec httpd -f -p 8080 -h /tmp/www"]


class Project:
    """A copy of examples/hello with a unique project name and port."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.name = f"hello-e2e-{uuid.uuid4().hex[:8]}"
        self.url = f"http://127.0.0.1:{port}/"
        self.env = {**os.environ, "HELLO_PORT": str(port), "NO_COLOR": "1", "COLUMNS": "200"}
        self.config: dict[str, Any] = yaml.safe_load((folder / "devenv.yaml").read_text())
        self.config["project"] = self.name
        self.write()

    @property
    def web(self) -> dict[str, Any]:
        service: dict[str, Any] = self.config["services"]["web"]
        return service

    def write(self) -> None:
        (self.folder / "devenv.yaml").write_text(yaml.safe_dump(self.config, sort_keys=False))

    def devenv(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "devenv", *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def containers(self, *, running: bool = True, service: str | None = "web") -> list[str]:
        """The stack's containers of `service` (None: all, the network holder included)."""
        args = [
            "ps",
            "-q",
            "--no-trunc",
            "--filter",
            f"label=com.docker.compose.project={self.name}-dev",
            *(["--filter", f"label=com.docker.compose.service={service}"] if service else []),
        ]
        out = run_docker(*args, *([] if running else ["--all"])).stdout
        return out.split()


class Up:
    """`devenv up` running in the foreground, its output in a file."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.log_path = project.folder / "up.log"
        self.log_file = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devenv", "up"],
            cwd=project.folder,
            env=project.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def reports(self, action: str) -> list[str]:
        return re.findall(rf"^devenv +\| web: {action} \(.*$", self.log(), re.MULTILINE)

    def wait_for_log(self, pattern: str, count: int = 1, timeout: float = 60) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            found = re.findall(pattern, self.log(), re.MULTILINE)
            if len(found) >= count:
                return found
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"no {count} x {pattern!r} in devenv up's output:\n{self.log()}")
            time.sleep(0.1)

    def interrupt(self, timeout: float = 60, sig: signal.Signals = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail(f"devenv up ignored SIGINT for {timeout} s:\n{self.log()}")


@pytest.fixture
def project(tmp_path: Path, busybox_image: str, free_port: Callable[[], int]) -> Iterator[Project]:
    folder = tmp_path / "hello"
    shutil.copytree(EXAMPLES / "hello", folder)
    proj = Project(folder, free_port())
    yield proj
    proj.devenv("down", "--volumes")
    for image in (f"{proj.name}-dev-web",):
        subprocess.run(["docker", "image", "rm", "-f", image], capture_output=True, check=False)


@pytest.fixture
def start(project: Project, http_get: HttpGet) -> Iterator[Callable[[], Up]]:
    """`start()`: `devenv up` in the foreground, once the service answers."""
    started: list[Up] = []

    def start_up() -> Up:
        up = Up(project)
        started.append(up)
        http_get(project.url, timeout=120, expect="Hello from devenv")
        up.wait_for_log(r"watching for changes")
        return up

    yield start_up
    for up in started:
        if up.proc.poll() is None:
            up.interrupt()
        up.log_file.close()


def baked(dockerfile: str) -> str:
    """hello's Dockerfile with a dev stage that serves a page baked into the image."""
    dev = 'FROM base AS dev\nCMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/srv/www"]'
    assert dev in dockerfile
    return dockerfile.replace(
        dev,
        "FROM base AS dev\n"
        "RUN mkdir /srv/baked && echo '<p>baked in the image</p>' > /srv/baked/index.html\n"
        'CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/srv/baked"]',
    )


def test_a_bind_mounted_edit_is_served_without_a_reload(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    up = start()
    (container,) = project.containers()
    started = started_at(container)
    (project.folder / "src" / "index.html").write_text("<p>edited in place</p>\n")
    http_get(project.url, timeout=10, expect="edited in place")
    assert started_at(container) == started
    assert up.reports("restart") == []


def test_the_restart_rule_restarts_the_service(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    project.web["dev"]["command"] = COPY_AT_START
    project.web["dev"]["reload"].insert(0, {"paths": ["src/**"], "action": "restart"})
    project.write()
    up = start()
    (project.folder / "src" / "index.html").write_text("<p>after restart</p>\n")
    http_get(project.url, timeout=30, expect="after restart")
    (report,) = up.wait_for_log(r"^devenv +\| web: restart \(src/index\.html\) in .*$")
    assert re.search(r"in \d+\.\d\d s", report)
    status = project.devenv("status", "--format", "json")
    assert status.returncode == 0, status.stderr
    (web,) = yaml.safe_load(status.stdout)["services"]
    assert web["state"] == "running"
    assert web["ports"] == [f"127.0.0.1:{project.port}->8080/tcp"]
    assert web["last_reload"]["action"] == "restart"
    assert web["last_reload"]["ok"] is True
    assert 0 < web["last_reload"]["latency_s"] < 60


def test_a_process_restart_starts_the_command_again_in_the_same_container_run(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    project.web["dev"]["command"] = COPY_AT_START
    project.web["dev"]["process_restart"] = True
    project.web["dev"]["reload"].insert(0, {"paths": ["src/**"], "action": "restart"})
    project.write()
    up = start()
    (container,) = project.containers()
    before = started_at(container)
    for i in range(2):
        (project.folder / "src" / "index.html").write_text(f"<p>in place {i}</p>\n")
        http_get(project.url, timeout=30, expect=f"in place {i}")
        up.wait_for_log(r"^devenv +\| web: restart \(src/index\.html\) in .*$", count=i + 1)
    assert project.containers() == [container]
    assert started_at(container) == before  # the container was not restarted: its process was
    assert "exited with code" not in up.log()
    # The supervisor passes Ctrl-C's stop on: the stack stops, devenv exits 0.
    assert up.interrupt() == 0, up.log()
    assert project.containers() == []


def test_a_dockerfile_change_rebuilds_and_recreates(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    up = start()
    (before,) = project.containers()
    dockerfile = project.folder / "Dockerfile"
    dockerfile.write_text(baked(dockerfile.read_text()))
    http_get(project.url, timeout=120, expect="baked in the image")
    up.wait_for_log(r"^devenv +\| web: rebuild \(Dockerfile\) in .*$")
    (after,) = project.containers()
    assert after != before
    # The logs follow the new container.
    log = up.log()
    http_get(f"{project.url}?after-rebuild", timeout=10, status=None)
    up.wait_for_log(
        r"^web +\| .*response:\d+", count=len(re.findall(r"^web +\| .*response", log, re.M)) + 1
    )


def test_a_broken_dockerfile_keeps_the_old_container(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    up = start()
    (before,) = project.containers()
    dockerfile = project.folder / "Dockerfile"
    good = dockerfile.read_text()
    dockerfile.write_text(good.replace("FROM base AS dev\n", "FROM base AS dev\nRUN exit 3\n"))
    (failure,) = up.wait_for_log(r"^devenv +\| web: rebuild \(Dockerfile\) failed.*$", timeout=120)
    assert "the old container keeps running" in failure
    assert re.search(r"exit 3|code: 3", up.log())
    assert project.containers() == [before]
    http_get(project.url, timeout=5, expect="Hello from devenv")
    # The loop goes on: the next good Dockerfile is built and served.
    dockerfile.write_text(baked(good))
    http_get(project.url, timeout=120, expect="baked in the image")


def test_the_sync_rule_copies_and_deletes_files_in_the_container(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    # No bind mount: the prod stage has the source copied in; devenv syncs the edits.
    project.web["dev"] = {
        "target": "prod",
        "reload": [{"paths": ["src/**"], "action": "sync", "source": "src", "target": "/srv/www"}],
    }
    project.write()
    up = start()
    (container,) = project.containers()
    started = started_at(container)
    (project.folder / "src" / "index.html").write_text("<p>synced</p>\n")
    (project.folder / "src" / "more").mkdir()
    (project.folder / "src" / "more" / "page.html").write_text("<p>a new page</p>\n")
    http_get(project.url, timeout=30, expect="synced")
    http_get(f"{project.url}more/page.html", timeout=30, expect="a new page")
    (project.folder / "src" / "more" / "page.html").unlink()
    http_get(f"{project.url}more/page.html", timeout=30, status=404)
    assert up.reports("sync")
    assert started_at(container) == started  # synced, not restarted


def test_a_burst_of_5000_files_gives_one_restart(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    project.web["dev"]["command"] = COPY_AT_START
    project.web["dev"]["reload"].insert(0, {"paths": ["src/**"], "action": "restart"})
    project.write()
    up = start()
    (container,) = project.containers()
    since = f"{time.time():.3f}"
    burst = project.folder / "src" / "burst"
    burst.mkdir()
    for i in range(5000):
        (burst / f"f{i}.html").write_text(f"{i}\n")
    (project.folder / "src" / "index.html").write_text("<p>after the burst</p>\n")
    http_get(project.url, timeout=60, expect="after the burst")
    up.wait_for_log(r"^devenv +\| web: restart \(.* and \d+ more\) in .*$")
    time.sleep(3)  # a second restart would come now
    assert len(up.reports("restart")) == 1, up.log()
    events = run_docker(
        "events",
        "--since",
        since,
        "--until",
        f"{time.time():.3f}",
        "--filter",
        f"container={container}",
        "--filter",
        "event=start",
        "--format",
        "{{.Action}} {{.TimeNano}}",
    ).stdout.splitlines()
    assert len(events) == 1, events


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_a_signal_stops_every_container_of_the_stack(
    project: Project, start: Callable[[], Up], sig: signal.Signals
) -> None:
    up = start()
    assert len(project.containers(service=None)) == 2  # web and its network holder
    assert up.interrupt(sig=sig) == 0, up.log()
    assert project.containers(service=None) == []
    assert project.containers(running=False)  # stopped, like `docker compose up`, not removed


def test_detach_status_exec_logs_down(project: Project, http_get: HttpGet) -> None:
    up = project.devenv("up", "--detach")
    assert up.returncode == 0, up.stderr
    http_get(project.url, timeout=60, expect="Hello from devenv")
    status = project.devenv("status")
    assert status.returncode == 0, status.stderr
    assert "running" in status.stdout
    assert f"127.0.0.1:{project.port}->8080/tcp" in status.stdout
    exec_ = project.devenv("exec", "web", "cat", "/srv/www/index.html")
    assert exec_.returncode == 0, exec_.stderr
    assert "Hello from devenv" in exec_.stdout
    assert project.devenv("exec", "web", "sh", "-c", "exit 7").returncode == 7
    logs = project.devenv("logs", "web")
    assert logs.returncode == 0, logs.stderr
    # httpd -v logs each request; the prefix is up's (`web    |`), not Compose's (`web-1  |`).
    assert re.search(r"^web +\| .*response:200", logs.stdout, re.MULTILINE), logs.stdout
    assert "web-1" not in logs.stdout
    down = project.devenv("down")
    assert down.returncode == 0, down.stderr
    assert project.containers(running=False) == []
