"""`docker compose watch` on the file `devenv render dev` writes (issue 16, item 9): the real
Compose accepts the stack's `develop.watch`, watches, and does what devenv's rules say — an
initial sync, a sync (noise left alone), a sync+exec and a restart — on a copy of
examples/hello with rules of each kind."""

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
from tests.e2e.conftest import DOCKER, HttpGet, compose_containers, started_at

pytestmark = pytest.mark.slow

# The page is copied at start: only a restart shows an edit of the bind-mounted source.
COPY_AT_START = ["sh", "-c", "cp -r /srv/www/. /tmp/www/ && exec httpd -f -p 8080 -h /tmp/www"]
RULES: list[dict[str, Any]] = [
    {"paths": ["extra/**"], "action": "sync", "source": "extra", "target": "/tmp/extra"},
    {"paths": ["hooks/**"], "action": "sync", "source": "hooks", "target": "/tmp/hooks"},
    {"paths": ["hooks/**"], "action": "exec", "exec": "touch /tmp/exec-ran"},
    {"paths": ["conf/**"], "action": "restart"},
]


class Watched:
    """A copy of examples/hello with those rules, its dev stack rendered to compose.watch.yml."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.name = f"watch-e2e-{uuid.uuid4().hex[:8]}"
        self.port = port
        self.env = {**os.environ, "HELLO_PORT": str(port), "NO_COLOR": "1"}
        config = yaml.safe_load((folder / "devenv.yaml").read_text())
        config["project"] = self.name
        web = config["services"]["web"]
        web["dev"]["command"] = COPY_AT_START
        web["dev"]["reload"] += RULES
        (folder / "devenv.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
        for sub, name in (("extra", "first.txt"), ("hooks", "h.txt"), ("conf", "c.txt")):
            (folder / sub).mkdir()
            (folder / sub / name).write_text(f"{sub} at start\n")
        self.file = folder / "compose.watch.yml"
        self.log_path = folder / "watch.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def compose(self, *args: str) -> list[str]:
        return [DOCKER, "compose", "-f", str(self.file), *args]

    def run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        """`argv` in the project's folder and environment, its output kept."""
        return subprocess.run(
            argv,
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def container(self) -> str:
        return next(iter(compose_containers(f"{self.name}-dev", "web")), "")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait(self, what: str, done: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if self.proc is not None and self.proc.poll() is not None:
                pytest.fail(f"docker compose watch exited before {what}:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {timeout} s; compose watch said:\n{self.log()}")
            time.sleep(0.2)


def _cat(container: str, path: str) -> str | None:
    proc = subprocess.run(
        [DOCKER, "exec", container, "cat", path], capture_output=True, text=True, check=False
    )
    return proc.stdout if proc.returncode == 0 else None


@pytest.fixture
def watched(tmp_path: Path, busybox_image: str, free_port: Callable[[], int]) -> Iterator[Watched]:
    folder = tmp_path / "hello"
    shutil.copytree(EXAMPLES / "hello", folder)
    project = Watched(folder, free_port())
    try:
        yield project
    finally:
        if project.proc is not None and project.proc.poll() is None:
            os.killpg(project.proc.pid, signal.SIGKILL)
            project.proc.wait(timeout=30)
        subprocess.run(
            project.compose("down", "--timeout", "1"),
            cwd=folder,
            env=project.env,
            capture_output=True,
            check=False,
            timeout=120,
        )
        subprocess.run(
            [DOCKER, "image", "rm", "-f", f"{project.name}-dev-web"],
            capture_output=True,
            check=False,
        )


def test_compose_watch_runs_the_rendered_rules(watched: Watched, http_get: HttpGet) -> None:
    render = watched.run([sys.executable, "-m", "devenv", "render", "dev", "-o", str(watched.file)])
    assert render.returncode == 0, render.stderr
    watch = yaml.safe_load(watched.file.read_text())["services"]["web"]["develop"]["watch"]
    assert [(w["path"], w["action"]) for w in watch] == [
        ("./Dockerfile", "rebuild"),
        ("./extra", "sync"),
        ("./hooks", "sync+exec"),
        ("./conf", "restart"),
    ]
    with watched.log_path.open("wb") as log:
        watched.proc = subprocess.Popen(
            watched.compose("watch"),
            cwd=watched.folder,
            env=watched.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # its own process group, stopped as a terminal's Ctrl-C would: the CLI 20.10
            # forwards no SIGINT to the Compose plugin it runs
            start_new_session=True,
        )
        watched.wait("'Watch enabled'", lambda: "Watch enabled" in watched.log(), timeout=180)
        url = f"http://127.0.0.1:{watched.port}/"
        http_get(url, timeout=60, expect="Hello from devenv")
        web = watched.container()
        assert web
        # initial_sync: what was there before the watch is in the container
        watched.wait("the initial sync", lambda: _cat(web, "/tmp/extra/first.txt") is not None)

        # sync: a new file is copied in; a file in a noise folder is not
        (watched.folder / "extra" / "node_modules").mkdir()
        (watched.folder / "extra" / "node_modules" / "x.js").write_text("noise\n")
        (watched.folder / "extra" / "new.txt").write_text("synced\n")
        watched.wait("the sync", lambda: _cat(web, "/tmp/extra/new.txt") == "synced\n")
        assert _cat(web, "/tmp/extra/node_modules/x.js") is None

        # sync+exec: the file, then the command
        (watched.folder / "hooks" / "h2.txt").write_text("hooked\n")
        watched.wait("the sync+exec", lambda: _cat(web, "/tmp/exec-ran") is not None)
        assert _cat(web, "/tmp/hooks/h2.txt") == "hooked\n"

        # restart: the page copied at start shows the edit only once the service restarted
        started = started_at(web)
        (watched.folder / "src" / "index.html").write_text("<p>after the restart</p>\n")
        (watched.folder / "conf" / "c.txt").write_text("changed\n")
        http_get(url, timeout=60, expect="after the restart")
        assert started_at(web) != started
        assert watched.container() == web  # restarted, not recreated
        assert re.search(r"restarted", watched.log()), watched.log()

        os.killpg(watched.proc.pid, signal.SIGINT)
        try:
            watched.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"docker compose watch ignored SIGINT:\n{watched.log()}")
    down = watched.run(watched.compose("down", "--timeout", "1"))
    assert down.returncode == 0, down.stderr
    assert watched.container() == ""
