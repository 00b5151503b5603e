"""The holder image devenv makes runs on the engine and stops at once."""

from __future__ import annotations

import subprocess
import time

from devenv.dev import holders as pause
from devenv.render import PAUSE_IMAGE
from tests.e2e.conftest import run_docker


def test_pause_image_is_made_runs_and_stops_quickly() -> None:
    subprocess.run(["docker", "rmi", "-f", PAUSE_IMAGE], capture_output=True, check=False)
    assert pause.ensure_image()
    assert pause.ensure_image()  # present now: nothing to do
    name = f"pause-e2e-{time.time_ns()}"
    run_docker("run", "-d", "--init", "--name", name, PAUSE_IMAGE)
    try:
        time.sleep(0.5)
        state = run_docker("inspect", "-f", "{{.State.Running}}", name).stdout.strip()
        assert state == "true"  # it sleeps, it does not exit
        start = time.monotonic()
        run_docker("stop", "-t", "5", name)
        assert time.monotonic() - start < 2  # SIGTERM ends it; no waiting for the grace period
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)
