"""The `static` template, the one whose base image exists offline, built and served for real."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from devenv.cli import main
from tests.e2e.conftest import HttpGet, run_docker


class StaticProject(NamedTuple):
    root: Path
    compose_project: str  # unique: never collides with another run or a `devenv up`


@pytest.fixture
def static_project(tmp_path: Path, busybox_image: str) -> Iterator[StaticProject]:
    root = tmp_path / "site"
    assert main(["init", str(root), "--template", "static", "--name", "e2e-static"]) == 0
    project = StaticProject(root, f"e2e-static-{uuid.uuid4().hex[:8]}")
    yield project
    compose = root / "dev.yml"
    if compose.is_file():
        down = ["down", "--volumes", "--rmi", "local", "--timeout", "1"]
        subprocess.run(
            ["docker", "compose", "-p", project.compose_project, "-f", str(compose), *down],
            capture_output=True,
            timeout=120,
            check=False,
        )


def test_static_dev_stack_serves_the_bind_mounted_site(
    static_project: StaticProject,
    free_port: Callable[[], int],
    http_get: HttpGet,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    monkeypatch.setenv("WEB_PORT", str(port))
    root = static_project.root
    compose = root / "dev.yml"
    assert main(["render", "dev", "-c", str(root / "devenv.yaml"), "-o", str(compose)]) == 0
    run_docker(
        "compose", "-p", static_project.compose_project, "-f", str(compose),
        "up", "-d", "--build", "--wait",
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    http_get(url, expect="<h1>e2e-static</h1>")

    page = root / "site" / "index.html"
    page.write_text(page.read_text().replace("<h1>e2e-static</h1>", "<h1>edited</h1>"))
    http_get(url, expect="<h1>edited</h1>", timeout=10)  # live: no rebuild, no restart


def test_static_prod_image_is_healthy_unprivileged_and_gzips(
    static_project: StaticProject, free_port: Callable[[], int], http_get: HttpGet
) -> None:
    tag = f"devenv-e2e/static:{uuid.uuid4().hex[:8]}"
    name = tag.replace("/", "-").replace(":", "-")
    run_docker("build", "--target", "prod", "-t", tag, str(static_project.root), timeout=300)
    port = free_port()
    try:
        run_docker("run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8080", tag)
        reply = http_get(f"http://127.0.0.1:{port}/style.css", expect="font-family")
        assert reply.headers.get("Content-Encoding") is None  # no Accept-Encoding sent
        assert run_docker("exec", name, "id", "-un").stdout.strip() == "nobody"
        assert "index.html.gz" in run_docker("exec", name, "ls", "/srv/www").stdout
        assert _health(name, timeout=30) == "healthy"
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False)


def _health(container: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        status = run_docker(
            "inspect", "--format", "{{.State.Health.Status}}", container
        ).stdout.strip()
        if status == "healthy":
            break
        time.sleep(0.5)
    return status
