"""`devenv up`, round two (issue 16) on the real engine: one loop per project, deaths
reported, a rebuilt container that does not start never replaces the serving one, and
`sync` files survive a new container.

The project, `devenv up` driver and fixtures are test_up's (a copy of examples/hello under
a project name and port of its own).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from tests.e2e.conftest import HttpGet, run_docker
from tests.e2e.test_up import Project, Up, project, start

__all__ = ["project", "start"]  # fixtures, used by name

pytestmark = pytest.mark.slow


def test_a_second_up_or_watch_names_the_running_one_and_exits_2(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    first = start()
    for command in ("up", "watch"):
        second = project.devenv(command, timeout=60)
        assert second.returncode == 2, second.stdout + second.stderr
        said = second.stdout + second.stderr
        assert f"`devenv up` (pid {first.proc.pid}, since " in said
        assert "Traceback" not in said
        assert "APIError" not in said
    # The first one was left alone: it still serves, and still reloads.
    http_get(project.url, timeout=5, expect="Hello from devenv")
    assert first.proc.poll() is None
    # A session that dies without a word leaves a stale record: the next `up` takes over.
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait(timeout=30)
    again = start()
    again.wait_for_log(r"watching for changes")
    assert again.interrupt() == 0, again.log()


def test_a_killed_container_is_reported_and_devenvs_own_restarts_are_not(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    project.web["dev"]["reload"].insert(0, {"paths": ["src/**"], "action": "restart"})
    project.write()
    up = start()
    (project.folder / "src" / "index.html").write_text("<p>restarted</p>\n")
    up.wait_for_log(r"^devenv +\| web: restart \(src/index\.html\) in .*$")
    (container,) = project.containers()
    name = run_docker("inspect", "--format", "{{.Name}}", container).stdout.strip("/\n")
    run_docker("kill", container)
    (line,) = up.wait_for_log(r"^devenv +\| web exited with code 137.*$", timeout=30)
    assert "(SIGKILL); left stopped (no restart policy)" in line
    assert f"`docker start {name}`" in line
    # The restart rule's own kill was not reported: one death line, the one above.
    assert len(re.findall(r"exited with code", up.log())) == 1, up.log()
    assert up.interrupt() == 0
    assert len(re.findall(r"exited with code", up.log())) == 1, up.log()  # nor the stop


@pytest.mark.parametrize(
    ("cmd", "why"),
    [
        (
            'CMD ["sh", "-c", "echo starting; echo no such module >&2; exit 3"]',
            "exited with code 3",
        ),
        ('CMD ["sh", "-c", "echo up but not serving; exec sleep 600"]', "unhealthy"),
    ],
    ids=["exits-at-once", "never-healthy"],
)
def test_a_rebuilt_container_that_does_not_start_keeps_the_old_one_serving(
    project: Project, start: Callable[[], Up], http_get: HttpGet, cmd: str, why: str
) -> None:
    up = start()
    (before,) = project.containers()
    dockerfile = project.folder / "Dockerfile"
    good = dockerfile.read_text()
    dev_cmd = 'CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/srv/www"]'
    assert dev_cmd in good
    dockerfile.write_text(good.replace(dev_cmd, cmd, 1))
    (failure,) = up.wait_for_log(r"^devenv +\| web: rebuild \(Dockerfile\) failed.*$", timeout=120)
    assert why in failure
    log = up.log()
    assert "the old one keeps running" in log
    last_line = "no such module" if "exit 3" in cmd else "up but not serving"
    assert last_line in log.split("failed:", 1)[1]  # the new container's last lines
    assert project.containers() == [before]
    http_get(project.url, timeout=5, expect="Hello from devenv")
    candidates = run_docker("ps", "-aq", "--filter", "label=io.devenv.candidate=web").stdout
    assert candidates.strip() == ""  # the tried container is gone
    # Fixed: the next rebuild replaces the container.
    dockerfile.write_text(good.replace(dev_cmd, dev_cmd.replace('"-v", ', ""), 1))
    up.wait_for_log(r"^devenv +\| web: rebuild \(Dockerfile\) in .*$", timeout=120)
    assert project.containers() != [before]
    http_get(project.url, timeout=10, expect="Hello from devenv")


def test_sync_files_are_copied_at_start_and_into_a_rebuilt_container(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    # The prod stage copies src/ only: extra/ reaches the container through sync alone.
    extra = project.folder / "extra"
    extra.mkdir()
    (extra / "page.html").write_text("<p>synced at start</p>\n")
    project.web["dev"] = {
        "target": "prod",
        "reload": [
            {
                "paths": ["extra/**"],
                "action": "sync",
                "source": "extra",
                "target": "/srv/www/x",
            },
            {"paths": ["Dockerfile"], "action": "rebuild"},
        ],
    }
    project.write()
    up = start()
    http_get(f"{project.url}x/page.html", timeout=5, expect="synced at start")
    (extra / "page.html").write_text("<p>synced after an edit</p>\n")
    http_get(f"{project.url}x/page.html", timeout=30, expect="synced after an edit")
    (before,) = project.containers()
    dockerfile = project.folder / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text().replace("USER nobody\n", "RUN true\nUSER nobody\n", 1)
    )
    up.wait_for_log(r"^devenv +\| web: rebuild \(Dockerfile\) in .*$", timeout=120)
    assert project.containers() != [before]
    # Served at once by the new container: copied before the rebuild counted as done.
    http_get(f"{project.url}x/page.html", timeout=1, expect="synced after an edit")
    # The rebuild's own deaths (the tried image, the replaced container) are not news.
    assert "exited with code" not in up.log()


def test_a_port_already_taken_names_service_port_and_line(project: Project) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", project.port))
        holder.listen()
        up = project.devenv("up", "--detach")
    assert up.returncode == 2, up.stdout + up.stderr
    said = up.stdout + up.stderr
    assert re.search(r"devenv\.yaml:\d+:\d+: services\.web\.ports\[0\]: ", said), said
    assert f"port 127.0.0.1:{project.port} is already in use on this machine, so web" in said
    assert "Traceback" not in said
    assert project.containers(running=False, service=None) == []  # nothing left `Created`


def test_up_prints_the_url_and_a_background_up_stops_on_sigint(
    project: Project, http_get: HttpGet
) -> None:
    # A background job of a script starts with SIGINT ignored: devenv must listen anyway.
    log = project.folder / "up.log"
    script = f"{sys.executable} -m devenv up > {log} 2>&1 & echo $! > up.pid; wait $!"
    shell = subprocess.Popen(["bash", "-c", script], cwd=project.folder, env=project.env)
    try:
        http_get(project.url, timeout=120, expect="Hello from devenv")
        deadline = time.monotonic() + 60
        while "watching for changes" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        assert f"devenv | web: {project.url} (its port 8080)" in log.read_text()
        os.kill(int((project.folder / "up.pid").read_text()), signal.SIGINT)
        assert shell.wait(timeout=60) == 0, log.read_text()
    finally:
        if shell.poll() is None:
            shell.kill()
    assert project.containers(service=None) == []
    assert "stopping…" in log.read_text()


def test_a_container_that_dies_as_the_stack_starts_is_reported(project: Project) -> None:
    project.web["dev"]["command"] = ["sh", "-c", "echo cannot start; exit 3"]
    project.write()
    up = Up(project)
    try:
        (line,) = up.wait_for_log(r"^devenv +\| web exited with code 3.*$", timeout=120)
        assert "left stopped (no restart policy)" in line
        # What it printed before it died is shown, though it died in a few ms.
        up.wait_for_log(r"^(web +\||devenv +\|  ) *cannot start", timeout=10)
        time.sleep(1)  # the die event, late, must not report it a second time
        assert len(re.findall(r"exited with code", up.log())) == 1, up.log()
    finally:
        up.interrupt()
        up.log_file.close()


def test_a_restart_rule_on_an_unmounted_path_is_flagged_by_lint_and_said_once_by_up(
    project: Project, start: Callable[[], Up]
) -> None:
    # extra/ reaches the container through no mount: a restart shows the image's copy.
    (project.folder / "extra").mkdir()
    (project.folder / "extra" / "a.conf").write_text("one\n")
    project.web["dev"]["reload"].insert(0, {"paths": ["extra/**"], "action": "restart"})
    project.write()
    lint = project.devenv("lint", "--format", "json")
    found = [f for f in json.loads(lint.stdout) if f["rule"] == "DV233"]
    assert len(found) == 1, lint.stdout + lint.stderr
    config_text = (project.folder / "devenv.yaml").read_text().splitlines()
    assert "extra/**" in "\n".join(config_text[found[0]["line"] - 1 : found[0]["line"] + 1])
    up = start()
    for i in range(2):
        (project.folder / "extra" / "a.conf").write_text(f"edit {i}\n")
        up.wait_for_log(r"^devenv +\| web: restart \(extra/a\.conf\) in .*$", count=i + 1)
    warnings = re.findall(
        r"^devenv +\| web: extra/a\.conf changed, but the rule at .*$", up.log(), re.MULTILINE
    )
    assert len(warnings) == 1, up.log()  # the first time only
    line = found[0]["line"]
    assert f"devenv.yaml:{line}:" in warnings[0]
    assert "no bind mount brings the file in" in warnings[0]
    assert "DV233" in warnings[0]
    assert up.interrupt() == 0
