"""devenv.yaml edited while `devenv up` runs (issue 16, item 2), on the real engine: the edit
is applied as a whole, exactly the changed service is recreated, and an edit that does not
load keeps the stack running as it was.

The project, `devenv up` driver and fixtures are test_up's (a copy of examples/hello).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from devenv.render import HOLDER_PREFIX
from tests.e2e.conftest import HttpGet, run_docker
from tests.e2e.test_up import Project, Up, project, start

__all__ = ["project", "start"]  # fixtures, used by name

pytestmark = pytest.mark.slow


def _env(container: str) -> str:
    return run_docker("exec", container, "env").stdout


def test_an_edit_of_port_and_environment_recreates_that_service_only(
    project: Project,
    start: Callable[[], Up],
    http_get: HttpGet,
    free_port: Callable[[], int],
    busybox_image: str,
) -> None:
    project.config["services"]["side"] = {
        "image": busybox_image,
        "command": ["sleep", "3600"],
        "environment": {"ROLE": "side"},
    }
    project.write()
    up = start()
    (web_before,) = project.containers()
    (side_before,) = project.containers(service="side")
    web_holder = project.containers(service=f"{HOLDER_PREFIX}web")
    others = set(project.containers(service=None)) - {web_before, *web_holder}
    assert side_before in others
    new_port = free_port()
    project.web["ports"] = [f"{new_port}:8080"]
    project.web["environment"] = {"GREETING": "edited"}
    project.write()
    (line,) = up.wait_for_log(r"^devenv +\| devenv\.yaml applied in .*$", timeout=60)
    seconds = float(re.search(r"applied in ([0-9.]+) s", line).group(1))  # type: ignore[union-attr]
    assert seconds < 10, line
    assert "recreated web (ports, environment)" in line, line
    assert "side" not in line
    up.wait_for_log(rf"^devenv +\| web: http://127\.0\.0\.1:{new_port}/ \(its port 8080\)$")
    http_get(f"http://127.0.0.1:{new_port}/", timeout=10, expect="Hello from devenv")
    (web_after,) = project.containers()
    assert web_after != web_before
    assert "GREETING=edited" in _env(web_after)
    assert project.containers(service="side") == [side_before]
    assert others <= set(project.containers(service=None))  # none of them was touched
    # A service added is started, one taken out is removed; the others are left alone.
    project.config["services"]["extra"] = {"image": busybox_image, "command": ["sleep", "3600"]}
    project.write()
    up.wait_for_log(r"^devenv +\| devenv\.yaml applied in .*: started extra$", timeout=60)
    assert len(project.containers(service="extra")) == 1
    del project.config["services"]["extra"]
    project.write()
    up.wait_for_log(r"^devenv +\| devenv\.yaml applied in .*: removed extra$", timeout=60)
    assert project.containers(service="extra", running=False) == []
    assert project.containers() == [web_after]
    assert project.containers(service="side") == [side_before]
    # The loop goes on with the new config: a rebuild still works after the edit.
    dockerfile = project.folder / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + "\n# touched\n")
    up.wait_for_log(r"^devenv +\| web: rebuild \(Dockerfile\) in .*$", timeout=120)
    (web_rebuilt,) = project.containers()
    assert "GREETING=edited" in _env(web_rebuilt)
    assert up.interrupt() == 0, up.log()


def test_an_edit_that_does_not_load_keeps_the_stack_and_says_where(
    project: Project, start: Callable[[], Up], http_get: HttpGet
) -> None:
    up = start()
    (before,) = project.containers()
    config = project.folder / "devenv.yaml"
    good = config.read_text()
    bad = good.replace("    ports:", "    ports: [\n    oops:", 1)
    assert bad != good
    config.write_text(bad)
    up.wait_for_log(r"devenv\.yaml not applied, the stack keeps running as it was", timeout=30)
    assert re.search(r"devenv\.yaml:\d+:\d+", up.log()), up.log()
    assert "Traceback" not in up.log()
    assert project.containers() == [before]
    http_get(project.url, timeout=5, expect="Hello from devenv")
    # A value the schema refuses: the key path is said, and the stack is left alone too.
    config.write_text(good.replace("replicas: 1", "replicas: many", 1))
    up.wait_for_log(r"not applied, the stack keeps running", count=2, timeout=30)
    assert "replicas" in up.log().rsplit("not applied", 1)[1]
    # Fixed again: nothing to recreate, and the loop still reloads.
    config.write_text(good)
    up.wait_for_log(r"devenv\.yaml changed: the dev stack is as it was", timeout=30)
    assert project.containers() == [before]
    assert up.interrupt() == 0, up.log()
