"""The node clock job: its shell script run under a local shell with stand-ins for busybox's
`adjtimex` and `nc`, and the sentence for each node it could not read."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devenv.clock import nodejob, samples
from devenv.clock.readings import EngineClock
from devenv.clock.samples import Sample

ADJTIMEX = """#!/bin/sh
cat <<OUT
    mode:         0
-o  offset:       0 us
    status:       ${STATUS:-64} (UNSYNC)
-t  tick:         10000 us
    time.tv_sec:  ${SEC:-100}
    time.tv_usec: ${USEC:-5}
    return value: 5 (clock not synchronized)
OUT
"""
# The reference's answer: its adjtimex output, 500.25 s.
NC_ANSWERS = "#!/bin/sh\nSEC=500 USEC=250000 adjtimex\n"
NC_REFUSED = '#!/bin/sh\necho "nc: can\'t connect to remote host ($1): Connection refused"\n'


def _run_script(
    tmp_path: Path, shell: list[str], nc: str, nslookup: str = "", **env: str
) -> dict[str, Any]:
    env = {"REF": "10.0.1.2", "REF_PORT": "7123", **env}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tools = {"adjtimex": ADJTIMEX, "nc": nc} | ({"nslookup": nslookup} if nslookup else {})
    for name, text in tools.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    proc = subprocess.run(
        [*shell, "-c", nodejob._JOB_SCRIPT],
        env={"PATH": f"{bin_dir}:{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    # As `service logs --details` shows it: the task's labels before each line.
    logs = "".join(f"com.docker.swarm.node.id=n1 {line}\n" for line in proc.stdout.splitlines())
    return {"out": samples.parse_job_logs(logs).get("n1"), "stdout": proc.stdout}


@pytest.mark.skipif(shutil.which("dash") is None, reason="no dash on this machine")
def test_script_without_epochrealtime_reads_adjtimex(tmp_path: Path) -> None:
    # dash has no $EPOCHREALTIME: t1 and t4 come from adjtimex (here fixed at 100 s + 5 µs).
    got = _run_script(tmp_path, ["dash"], NC_ANSWERS)["out"]
    assert got.samples == (Sample(100.000005, 500.25, 100.000005),) * nodejob.SAMPLES


@pytest.mark.skipif(shutil.which("dash") is None, reason="no dash on this machine")
@pytest.mark.parametrize(
    ("status", "usec", "read"),
    [
        ("64", "5", 100.000005),  # microseconds
        ("8256", "987462093", 100.987462093),  # STA_NANO: nanoseconds
        ("8256", "5", 100.000000005),  # nanoseconds early in the second, never µs
        ("8257", "120000", 100.00012),  # STA_NANO among other bits
        ("weird", "5", 100.000005),  # no number: read as microseconds, no shell error
    ],
)
def test_script_reads_adjtimex_in_microseconds_or_nanoseconds(
    tmp_path: Path, status: str, usec: str, read: float
) -> None:
    nc = f"#!/bin/sh\nSEC=500 USEC={usec} STATUS={status} adjtimex\n"
    got = _run_script(tmp_path, ["dash"], nc, STATUS=status, USEC=usec)["out"]
    assert len(got.samples) == nodejob.SAMPLES
    sample = got.samples[0]
    assert sample.t1 == pytest.approx(read, abs=1e-9)  # the node's own adjtimex
    assert sample.r == pytest.approx(read + 400, abs=1e-9)  # the reference's


@pytest.fixture
def reference() -> Iterator[int]:
    """A TCP server on loopback that answers each connection as `nc -ll -e adjtimex` does."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.sendall(b"    time.tv_sec:  500\n    time.tv_usec: 250000\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


@pytest.mark.skipif(shutil.which("busybox") is None, reason="no busybox on this machine")
def test_script_under_busybox_ash_times_with_epochrealtime(tmp_path: Path, reference: int) -> None:
    # busybox runs its own nc applet, so the reference is a real server here.
    before = time.time()
    env = {"REF": "127.0.0.1", "REF_PORT": str(reference)}
    got = _run_script(tmp_path, ["busybox", "sh"], NC_ANSWERS, **env)["out"]
    after = time.time()
    assert len(got.samples) == nodejob.SAMPLES
    assert all(before <= s.t1 <= s.t4 <= after and s.r == 500.25 for s in got.samples)


@pytest.mark.skipif(shutil.which("dash") is None, reason="no dash on this machine")
def test_script_says_when_the_reference_never_answers(tmp_path: Path) -> None:
    got = _run_script(tmp_path, ["dash"], NC_REFUSED, TRIES="3")["out"]
    assert got.samples == ()
    assert got.unreachable == (
        "10.0.1.2:7123 nc: can't connect to remote host (-w): Connection refused"
    )


# busybox 1.35's answer for a name on the overlay network; 1.28's had another format.
NSLOOKUP_135 = """#!/bin/sh
printf 'Server:\\t\\t127.0.0.11\\nAddress:\\t127.0.0.11:53\\n\\nNon-authoritative answer:\\n'
printf 'Name:\\t%s\\nAddress: 10.0.9.5\\n' "$1"
"""
NSLOOKUP_128 = "#!/bin/sh\necho 'Name: x'; echo 'Address 1: 10.0.9.5 x'\n"
NC_SAYS_WHERE = '#!/bin/sh\necho "connect to $3"\n'


@pytest.mark.skipif(shutil.which("dash") is None, reason="no dash on this machine")
@pytest.mark.parametrize(
    ("nslookup", "dialled"),
    [(NSLOOKUP_135, "10.0.9.5"), (NSLOOKUP_128, "devenv-clock-x-ref")],
    ids=["busybox-1.35", "other-format"],
)
def test_script_looks_the_reference_up_once(tmp_path: Path, nslookup: str, dialled: str) -> None:
    env = {"REF": "devenv-clock-x-ref", "TRIES": "2"}
    got = _run_script(tmp_path, ["dash"], NC_SAYS_WHERE, nslookup, **env)["out"]
    assert got.unreachable == f"{dialled}:7123 connect to {dialled}"


# --- one node's sentence --------------------------------------------------------------------


def _node(state: str = "ready", availability: str = "active") -> dict[str, Any]:
    return {
        "ID": "n1",
        "Description": {"Hostname": "worker1"},
        "Spec": {"Availability": availability},
        "Status": {"State": state},
    }


ENGINE = EngineClock(lead=-0.030, rtt=0.006)
GOOD = samples.JobOutput((Sample(10.0, 9.9, 10.010), Sample(10.0, 9.502, 10.004)))


def _clock(
    node: dict[str, Any],
    finished: dict[str, dict[str, Any]],
    outputs: dict[str, samples.JobOutput],
) -> nodejob.NodeClock:
    return nodejob._node_clock(node, finished, outputs, ENGINE, "manager1", timeout=5)


def test_node_read_with_the_tightest_round_trip() -> None:
    clock = _clock(_node(), {"n1": {"State": "complete"}}, {"n1": GOOD})
    assert clock.error is None
    assert clock.lead is not None
    assert clock.lead.offset == pytest.approx(0.470)
    assert clock.lead.bound == pytest.approx(0.005)


@pytest.mark.parametrize(
    ("node", "finished", "outputs", "sentence"),
    [
        (_node("down"), {}, {}, "node worker1 is down: its clock was not read"),
        (_node(), {}, {}, "no answer from the job on node worker1 within 5 s"),
        (
            _node(),
            {"n1": {"State": "rejected", "Err": "No such image: devenv-test/absent:0"}},
            {},
            "the clock job failed on node worker1: No such image: devenv-test/absent:0 "
            "(use --node-image with an image every node has)",
        ),
        (
            _node(),
            {"n1": {"State": "complete"}},
            {"n1": samples.JobOutput((), "10.0.1.2:7123 nc: timed out")},
            "the job on node worker1 got no answer from the clock reference on node manager1 "
            "over the overlay network (10.0.1.2:7123 nc: timed out)",
        ),
        (
            _node(),
            {"n1": {"State": "complete"}},
            {},
            "the job on node worker1 printed no clock reading",
        ),
    ],
)
def test_node_not_read_says_why(
    node: dict[str, Any],
    finished: dict[str, dict[str, Any]],
    outputs: dict[str, samples.JobOutput],
    sentence: str,
) -> None:
    clock = _clock(node, finished, outputs)
    assert (clock.error, clock.lead, clock.skipped) == (sentence, None, None)


def test_drained_node_is_skipped_not_failed() -> None:
    clock = _clock(_node(availability="drain"), {}, {"n1": GOOD})
    assert (clock.skipped, clock.error) == ("drain: no job runs there, clock not read", None)
