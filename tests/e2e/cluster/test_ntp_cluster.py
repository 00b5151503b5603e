"""`devenv ntp --nodes` on the three-node cluster (issue 13, item 5): every node's clock read
with an error bound under 20 ms, and a skewed time source caught on every node.

The harness's chrony listens on the host's loopback, out of the cluster's reach; the NTP
server here is the fake responder (tests/fake_ntp.py) run in the manager's namespace, where
devenv runs too. It keeps this machine's clock, shifted by the offset it is given: the nodes
share this machine's kernel clock, so a shifted responder is how a skew shows up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.conftest import REPO

if TYPE_CHECKING:
    from tests.e2e.cluster.conftest import Cluster

BUSYBOX = "devenv-test/busybox:1.35"
# Serves until its stdin closes; prints its HOST:PORT first.
RESPONDER = """
import sys
from tests.fake_ntp import Behaviour, FakeNtp
server = FakeNtp(Behaviour(offset=float(sys.argv[1])))
print(server.address, flush=True)
sys.stdin.read()
server.close()
"""


@pytest.fixture
def manager_ntp(cluster: Cluster) -> Iterator[Callable[[float], str]]:
    """`manager_ntp(offset)`: a fake NTP server on the manager namespace's loopback."""
    procs: list[subprocess.Popen[str]] = []

    def start(offset: float) -> str:
        argv = cluster.manager.nsenter(sys.executable, "-c", RESPONDER, str(offset))
        proc = subprocess.Popen(
            argv, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        procs.append(proc)
        assert proc.stdout is not None
        return proc.stdout.readline().strip()

    yield start
    for proc in procs:
        proc.communicate(timeout=10)


def devenv_in(cluster: Cluster, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`devenv ARGS` in the manager's namespace, against the manager's engine."""
    return subprocess.run(
        cluster.manager.nsenter(sys.executable, "-m", "devenv", *args),
        cwd=cwd,
        env={**cluster.env(), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def clock_things(cluster: Cluster) -> set[str]:
    """What node clock readings left: services, networks and containers on the manager,
    running containers on every node (Docker 20.10 keeps a finished job's containers on the
    workers, where the manager's API cannot remove them)."""
    found = {
        "service": cluster.docker("service", "ls", "--filter", "name=devenv-clock-", "-q"),
        "network": cluster.docker("network", "ls", "--filter", "label=devenv.role", "-q"),
        "container": cluster.docker("ps", "-aq", "--filter", "name=devenv-clock-"),
    }
    for node in cluster.nodes[1:]:
        found[node.name] = cluster.docker(
            "ps", "-q", "--filter", "name=devenv-clock-", node=node.name
        )
    return {f"{kind} {word}" for kind, proc in found.items() for word in proc.stdout.split()}


def node_checks(out: dict[str, object]) -> list[dict[str, object]]:
    checks = out["checks"]
    assert isinstance(checks, list)
    return [c for c in checks if str(c["target"]).startswith("node:")]


def test_every_node_is_read_within_20_ms(
    cluster: Cluster, manager_ntp: Callable[[float], str], tmp_path: Path
) -> None:
    server = manager_ntp(0.0)
    before = clock_things(cluster)
    args = ("ntp", "--server", server, "--nodes", "--node-image", BUSYBOX, "--timeout", "10")
    proc = devenv_in(cluster, tmp_path, *args, "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    nodes = node_checks(json.loads(proc.stdout))
    for check in nodes:
        print(f"{check['target']}: offset {check['offset_ms']} ms ±{check['bound_ms']} ms")
    ids = cluster.docker("node", "ls", "-q").stdout.split()
    assert sorted(str(c["target"]) for c in nodes) == sorted(f"node:{i[:12]}" for i in ids)
    assert all(c["ok"] for c in nodes), nodes
    bounds = [c["bound_ms"] for c in nodes]
    assert all(isinstance(b, float) and 0 < b < 20 for b in bounds), bounds
    assert clock_things(cluster) - before == set()
    text = devenv_in(cluster, tmp_path, *args)
    assert text.returncode == 0, text.stdout + text.stderr
    lines = [line for line in text.stdout.splitlines() if " node:" in f" {line[2:]}"]
    assert len(lines) == 3
    assert all(line.startswith("✓ node:") and " ms ±" in line for line in lines), lines


def test_a_skewed_time_source_fails_every_node(
    cluster: Cluster, manager_ntp: Callable[[float], str], tmp_path: Path
) -> None:
    # NTP time 2 s ahead of this machine's clock, which every node keeps: each is 2 s behind.
    server = manager_ntp(2.0)
    args = ("ntp", "--server", server, "--nodes", "--node-image", BUSYBOX, "--timeout", "10")
    proc = devenv_in(cluster, tmp_path, *args, "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    nodes = node_checks(json.loads(proc.stdout))
    assert len(nodes) == 3
    for check in nodes:
        error = str(check["error"])
        assert not check["ok"]
        assert error.startswith("node "), error
        assert " clock is at least 19" in error, error
        assert f"ms behind NTP time from {server} (max 100 ms)" in error


PROMOTE_CONFIG = """\
project: dvntp
services:
  web:
    image: devenv-test/busybox:1.35
    command: ["httpd", "-f", "-p", "8080"]
    prod: {{replicas: 1, endpoint_mode: dnsrr}}
ntp: {{servers: ["{server}"], node_image: "devenv-test/busybox:1.35"}}
"""


def test_the_promote_gate_reads_every_node(
    cluster: Cluster, manager_ntp: Callable[[float], str], tmp_path: Path
) -> None:
    (tmp_path / "devenv.yaml").write_text(PROMOTE_CONFIG.format(server=manager_ntp(0.0)))
    # --allow-dirty: tmp_path is outside git (the tree gate would refuse it).
    proc = devenv_in(cluster, tmp_path, "promote", "--dry-run", "--tag", "v1", "--allow-dirty")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [gate] = [line for line in proc.stdout.splitlines() if line.startswith("gate ntp:")]
    assert gate.startswith("gate ntp: ok: clocks within 100 ms of "), proc.stdout + proc.stderr
    assert "(3 swarm nodes read, each within ±" in gate
    widest = float(gate.split("±")[1].split()[0])
    print(gate)
    assert widest < 20
