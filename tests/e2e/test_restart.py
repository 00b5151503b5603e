"""`devenv restart [SERVICE...]` on the real engine (issue 16, item 9), run from a subfolder
of the project: the config is found above, the service's container restarts, its network
holder does not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from devenv.render import HOLDER_PREFIX
from tests.e2e.conftest import HttpGet, started_at
from tests.e2e.test_up import Project, project

__all__ = ["project"]  # a fixture, used by name

pytestmark = pytest.mark.slow


def _devenv_in(project: Project, folder: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devenv", *args],
        cwd=project.folder / folder,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_restart_from_a_subfolder_restarts_the_service_and_keeps_its_network(
    project: Project, http_get: HttpGet
) -> None:
    down = _devenv_in(project, "src", "restart")
    assert down.returncode == 2, down.stdout + down.stderr
    assert "is not up: start it with `devenv up`" in down.stderr
    up = _devenv_in(project, "src", "up", "-d")
    assert up.returncode == 0, up.stdout + up.stderr
    http_get(project.url, timeout=60, expect="Hello from devenv")
    (web,) = project.containers()
    (holder,) = project.containers(service=f"{HOLDER_PREFIX}web")
    web_started, holder_started = started_at(web), started_at(holder)
    done = _devenv_in(project, "src", "restart", "web")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "web: restarted in" in done.stdout
    assert done.stdout.rstrip().endswith(", healthy"), done.stdout  # hello has a healthcheck
    assert project.containers() == [web]  # the same container, started again
    assert started_at(web) != web_started
    assert started_at(holder) == holder_started
    http_get(project.url, timeout=10, expect="Hello from devenv")
    unknown = _devenv_in(project, "src", "restart", "nope")
    assert unknown.returncode == 2
    assert "no service 'nope' in" in unknown.stderr
    assert "its services are: web" in unknown.stderr
