"""A docker CLI that hangs is stopped, with everything it started, and said so (fault
injection: a fake `docker` that sleeps)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from devenv.errors import EXIT_BAD_INPUT
from devenv.migrate import dockercli

# The real CLI runs Compose as a child process: so does this fake, in the background.
HUNG = """\
#!/bin/sh
sleep 60 &
echo $! > {pidfile}
wait
"""


def hung_docker(tmp_path: Path) -> tuple[Path, Path]:
    pidfile = tmp_path / "child.pid"
    script = tmp_path / "docker"
    script.write_text(HUNG.format(pidfile=pidfile))
    script.chmod(0o755)
    return script, pidfile


def gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"  # killed, not yet reaped


def test_a_hung_cli_is_stopped_with_its_children(tmp_path: Path) -> None:
    script, pidfile = hung_docker(tmp_path)
    start = time.monotonic()
    with pytest.raises(dockercli.CLITimeout) as caught:
        dockercli.run([str(script), "compose", "config"], timeout=0.5)
    assert time.monotonic() - start < 10
    err = caught.value
    assert err.exit_code == EXIT_BAD_INPUT
    assert f"`{script} compose config` did not finish within 0.5 s" in err.message
    assert "--timeout SECONDS" in err.message
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child), "the CLI's child outlived it"


def test_an_answer_in_time_is_returned(tmp_path: Path) -> None:
    proc = dockercli.run(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout=30)
    assert (proc.returncode, proc.stdout, proc.stderr) == (3, "out\n", "err\n")


def test_a_cli_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(dockercli.DevenvError, match="does not run"):
        dockercli.run([str(tmp_path / "nothing")], timeout=5)


def test_the_round_trip_does_not_offer_import_flags(tmp_path: Path) -> None:
    script, _ = hung_docker(tmp_path)
    with pytest.raises(dockercli.CLITimeout) as caught:
        dockercli.run([str(script), "stack", "config"], timeout=0.2, longer="")
    assert "--timeout" not in caught.value.message
    assert os.path.basename(str(script)) in caught.value.message


def test_started_runs_go_on_together(tmp_path: Path) -> None:
    script, _ = hung_docker(tmp_path)
    start = time.monotonic()
    running = [dockercli.start([str(script), str(i)], timeout=1.0) for i in range(2)]
    assert time.monotonic() - start < 0.5  # start() does not wait
    for run in running:
        with pytest.raises(dockercli.CLITimeout):
            run.result()
    assert time.monotonic() - start < 1.9  # one timeout's wait, not two


def test_a_stopped_run_ends_with_its_children(tmp_path: Path) -> None:
    script, pidfile = hung_docker(tmp_path)
    run = dockercli.start([str(script)], timeout=60)
    deadline = time.monotonic() + 5
    while not pidfile.exists() or not pidfile.read_text().strip():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    run.stop()
    assert run.result().returncode != 0
    child = int(pidfile.read_text())
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child)
