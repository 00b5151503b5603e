"""The examples run on the real engine: python-web reloads itself, with-db keeps its data.

Each test works on a copy of the example (the repository is never edited) under a Compose
project name of its own, so it cannot collide with a `devenv up` of the same example.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from devenv.cli import main
from tests.conftest import EXAMPLES
from tests.e2e.conftest import DOCKER, HttpGet, Swarm, deploy_stack, run_docker


class DevStack:
    """A copy of an example, its dev stack rendered, brought up under a unique project."""

    def __init__(self, example: str, tmp_path: Path) -> None:
        self.root = tmp_path / example
        shutil.copytree(EXAMPLES / example, self.root, ignore=shutil.ignore_patterns(".devenv"))
        self.file = self.root / "dev.yml"
        self.project = f"e2e-{example}-{uuid.uuid4().hex[:8]}"

    def render(self) -> None:
        config = str(self.root / "devenv.yaml")
        assert main(["render", "dev", "-c", config, "-o", str(self.file)]) == 0

    def compose(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        return run_docker(
            "compose", "-p", self.project, "-f", str(self.file), *args, timeout=timeout
        )

    def up(self) -> None:
        self.compose("up", "-d", "--build", "--wait", "--wait-timeout", "120")

    def down(self, *, volumes: bool) -> None:
        self.compose("down", "--timeout", "1", *(["--volumes"] if volumes else []))


@pytest.fixture
def dev_stack(tmp_path: Path) -> Iterator[Callable[[str], DevStack]]:
    stacks: list[DevStack] = []

    def make(example: str) -> DevStack:
        stacks.append(DevStack(example, tmp_path))
        return stacks[-1]

    yield make
    for stack in stacks:
        if stack.file.is_file():
            down = ["down", "--volumes", "--rmi", "local", "--timeout", "1", "--remove-orphans"]
            subprocess.run(
                [DOCKER, "compose", "-p", stack.project, "-f", str(stack.file), *down],
                capture_output=True,
                timeout=120,
                check=False,
            )


def test_python_web_reloads_an_edit_through_its_own_reloader(
    python_image: str,
    dev_stack: Callable[[str], DevStack],
    free_port: Callable[[], int],
    http_get: HttpGet,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    monkeypatch.setenv("PYWEB_PORT", str(port))
    stack = dev_stack("python-web")
    stack.render()
    stack.up()
    url = f"http://127.0.0.1:{port}/"
    http_get(url, expect="Hello from python-web!")
    assert http_get(f"{url}healthz").body == '{"status": "ok"}'

    server = stack.root / "app" / "server.py"
    server.write_text(server.read_text().replace("Hello from", "Edited in"))
    # The bind mount makes the edit visible; reloader.py, not devenv, restarts the server.
    http_get(url, expect="Edited in python-web!", timeout=20)
    logs = stack.compose("logs", "web").stdout
    assert "reloader: app/server.py changed, restarting" in logs


def test_python_web_prod_image_serves(
    python_image: str, free_port: Callable[[], int], http_get: HttpGet
) -> None:
    tag = f"devenv-e2e/python-web:{uuid.uuid4().hex[:8]}"
    run_docker("build", "--target", "prod", "-t", tag, str(EXAMPLES / "python-web"), timeout=300)
    port = free_port()
    name = tag.replace("/", "-").replace(":", "-")
    try:
        run_docker("run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8000", tag)
        http_get(f"http://127.0.0.1:{port}/", expect="Hello from python-web!")
        assert run_docker("exec", name, "id", "-un").stdout.strip() == "app"
    finally:
        subprocess.run([DOCKER, "rm", "-f", name], capture_output=True, check=False)
        subprocess.run([DOCKER, "rmi", "-f", tag], capture_output=True, check=False)


def test_with_db_keeps_its_data_on_the_volume(
    busybox_image: str,
    dev_stack: Callable[[str], DevStack],
    free_port: Callable[[], int],
    http_get: HttpGet,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    monkeypatch.setenv("WITHDB_PORT", str(port))
    stack = dev_stack("with-db")
    stack.render()
    stack.up()
    url = f"http://127.0.0.1:{port}/cgi-bin/visits"
    first = http_get(url, expect="visits: 1").body
    assert "Hello from with-db!" in first  # the config file
    http_get(url, expect="visits: 2")

    # Without the secret, db refuses: the token really is what lets web in.
    compose = [DOCKER, "compose", "-p", stack.project, "-f", str(stack.file)]
    wget = ["wget", "-q", "-O", "-", "--post-data", "wrong", "http://db:8081/cgi-bin/count"]
    refused = subprocess.run(
        [*compose, "exec", "-T", "web", *wget],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode != 0
    assert "403" in refused.stderr

    stack.down(volumes=False)
    stack.up()
    http_get(url, expect="visits: 3")  # the count survived `down`: it is on the volume


def test_with_db_counts_50_parallel_visits_exactly(
    busybox_image: str,
    dev_stack: Callable[[str], DevStack],
    free_port: Callable[[], int],
    http_get: HttpGet,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # issue 16: the counter's script once called flock, which busybox lacks: 50 parallel
    # visits raised it by 32. Every visit must get a count of its own, none lost or repeated.
    port = free_port()
    monkeypatch.setenv("WITHDB_PORT", str(port))
    stack = dev_stack("with-db")
    stack.render()
    stack.up()
    url = f"http://127.0.0.1:{port}/cgi-bin/visits"
    http_get(url, expect="visits: 1")
    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(pool.map(lambda _: http_get(url, timeout=60), range(50)))
    counts = sorted(int(r.body.rsplit("visits: ", 1)[1]) for r in replies)
    assert counts == list(range(2, 52))
    http_get(url, expect="visits: 52")
    logs = stack.compose("logs", "db").stdout
    assert "not found" not in logs


def test_with_db_runs_on_the_swarm(
    busybox_image: str,
    swarm: Swarm,
    free_port: Callable[[], int],
    http_get: HttpGet,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # The prod stack as `docker stack deploy` runs it: the secret and the config come from
    # the swarm, the count from the volume, and web reaches db across the overlay network.
    port = free_port()
    monkeypatch.setenv("WITHDB_PORT", str(port))
    tag = f"e2e{uuid.uuid4().hex[:8]}"
    stack = f"withdb-{tag}"
    example = EXAMPLES / "with-db"
    images = [f"127.0.0.1:5000/with-db/{service}:{tag}" for service in ("web", "db")]
    for service, image in zip(("web", "db"), images, strict=True):
        run_docker("build", "--target", "prod", "-t", image, str(example / service), timeout=300)
    prod = tmp_path / "prod.yml"
    assert (
        main(["render", "prod", "-c", str(example / "devenv.yaml"), "--tag", tag, "-o", str(prod)])
        == 0
    )
    try:
        # The images exist on this one node: no registry involved.
        deploy_stack(prod, stack)
        url = f"http://127.0.0.1:{port}/cgi-bin/visits"
        reply = http_get(url, expect="visits: 1", timeout=90)
        assert "Hello from with-db!" in reply.body
        http_get(url, expect="visits: 2")
    finally:
        subprocess.run([DOCKER, "stack", "rm", stack], capture_output=True, check=False)
        _wait_gone(stack)
        subprocess.run(
            [DOCKER, "volume", "rm", f"{stack}_db-var-lib-db"], capture_output=True, check=False
        )
        subprocess.run([DOCKER, "rmi", "-f", *images], capture_output=True, check=False)


def _wait_gone(stack: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc = subprocess.run(
            [DOCKER, "ps", "-aq", "--filter", f"label=com.docker.stack.namespace={stack}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if not proc.stdout.strip():
            return
        time.sleep(0.5)
