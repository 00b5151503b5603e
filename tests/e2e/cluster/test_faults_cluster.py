"""Placement, global mode and faults during `devenv promote` on the three-node cluster
(issue 13, items 1 and 2).

One project, promoted again and again in the order of the tests (each test's release
number follows from the ones before it): `web` (two replicas, anywhere), `db` (pinned by
a constraint on the node label role=db) and `agent` (`mode: global`). The faults are real:
a node's namespace refuses the registry (its tasks cannot pull the new image), a node is
drained while the deploy runs, and a worker's engine is stopped while the deploy runs.
Each must end within the timeout with a sentence that names what happened, leave a stack
that is either converged or back on the previous release, keep the history, and a rerun
after the fault is gone must converge.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

from tests.e2e.cluster.conftest import SCRIPT
from tests.e2e.cluster.test_cluster import wait_running
from tests.e2e.cluster.test_promote_cluster import devenv_in

if TYPE_CHECKING:
    from tests.e2e.cluster.conftest import Cluster

DOCKERFILE = """\
FROM devenv-test/busybox:1.35 AS web
RUN mkdir /srv && echo {web} > /srv/index.html
CMD ["httpd", "-f", "-p", "8080", "-h", "/srv"]

FROM devenv-test/busybox:1.35 AS db
RUN mkdir /srv && echo {db} > /srv/index.html
CMD ["httpd", "-f", "-p", "8080", "-h", "/srv"]

FROM devenv-test/busybox:1.35 AS agent
CMD ["sleep", "3600"]
"""

CONFIG = """\
project: {name}
registry: {registry}
services:
  web:
    build: {{context: ., target: web}}
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      retries: 3
    prod:
      replicas: 2
      endpoint_mode: dnsrr
      update: {{monitor: 1s}}
  db:
    build: {{context: ., target: db}}
    prod:
      endpoint_mode: dnsrr
      placement: {{constraints: ["node.labels.role == db"]}}
      update: {{monitor: 1s}}
  agent:
    build: {{context: ., target: agent}}
    prod:
      mode: global
      endpoint_mode: dnsrr
      update: {{monitor: 1s}}
"""

TIMEOUT = 60  # promote's own --timeout for each release


class Project(NamedTuple):
    root: Path
    name: str
    tokens: dict[str, str]  # stage -> what its image serves

    def write(self, *stages: str) -> None:
        """New content for `stages` (so new images and digests); the others stay the same."""
        self.tokens.update({stage: uuid.uuid4().hex for stage in stages})
        (self.root / "Dockerfile").write_text(DOCKERFILE.format(**self.tokens))


@pytest.fixture(scope="module")
def project(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    root = tmp_path_factory.mktemp("cluster-faults")
    name = f"dvcf-{uuid.uuid4().hex[:8]}"
    (root / "devenv.yaml").write_text(CONFIG.format(name=name, registry=cluster.registry))
    yield Project(root, name, {})
    cluster.docker("stack", "rm", name, check=False)


def promote_args(tag: str) -> list[str]:
    # --skip-ntp: the harness's NTP server is on the host's loopback, out of the cluster's reach;
    # --allow-dirty: the project is a tmp folder outside git (recorded with the release).
    args = ["promote", "--yes", "--tag", tag, "--timeout", str(TIMEOUT), "--skip-ntp"]
    return [*args, "--allow-dirty"]


def promote(
    cluster: Cluster, p: Project, tag: str, *changed: str
) -> subprocess.CompletedProcess[str]:
    p.write(*changed)
    return devenv_in(cluster, p.root, *promote_args(tag), timeout=4 * TIMEOUT)


def promote_with(
    cluster: Cluster, p: Project, tag: str, fault: list[str], *changed: str
) -> tuple[str, float]:
    """Promote `tag`, running the command `fault` once the deploy has begun; (output, seconds)."""
    p.write(*changed)
    t0 = time.monotonic()
    out = []
    with subprocess.Popen(
        cluster.manager.nsenter(sys.executable, "-m", "devenv", *promote_args(tag)),
        cwd=p.root,
        env=cluster.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                out.append(line)
                if line.startswith("deploy release"):
                    subprocess.run(fault, capture_output=True, text=True, timeout=60, check=True)
                    break
            out.append(proc.stdout.read())
            proc.wait(timeout=4 * TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
    text = "".join(out) + f"\n(exit {proc.returncode})"
    return text, time.monotonic() - t0


def release_rows(cluster: Cluster, p: Project) -> list[dict[str, Any]]:
    """`devenv releases --format json`: the history as the target keeps it."""
    proc = devenv_in(cluster, p.root, "releases", "--format", "json", timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows: list[dict[str, Any]] = json.loads(proc.stdout)
    return rows


def releases(cluster: Cluster, p: Project) -> list[tuple[int, str]]:
    return sorted((r["number"], r["outcome"]) for r in release_rows(cluster, p))


def last_deployed(cluster: Cluster, p: Project) -> str:
    """`N (TAG)` of the release the stack runs now, as promote names it when going back."""
    rows = [r for r in release_rows(cluster, p) if r["outcome"] == "deployed"]
    last = max(rows, key=lambda r: r["number"])
    return f"{last['number']} ({last['tag']})"


def image_of(cluster: Cluster, service: str) -> str:
    """The image a service's spec names now."""
    return cluster.docker(
        "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", service
    ).stdout.strip()


def converged_or_back(out: str, number: int, live: str) -> None:
    """Either the release converged, or it failed and the stack is back on `live`."""
    if out.endswith("(exit 0)"):
        assert f"release {number} (r{number}) is live" in out, out
        return
    assert out.endswith("(exit 1)"), out
    assert f"release {number} FAILED" in out, out
    assert f"back on release {live}" in out, out


def nodes_of(cluster: Cluster, p: Project, service: str, count: int) -> list[str]:
    return wait_running(cluster, f"{p.name}_{service}", count)


def test_placement_constraints_and_global_mode_through_promote(
    cluster: Cluster, project: Project
) -> None:
    proc = promote(cluster, project, "r1", "web", "db")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    db_node = next(n for n in cluster.nodes if n.labels.get("role") == "db")
    assert nodes_of(cluster, project, "db", 1) == [f"devenv-{db_node.name}"]
    assert nodes_of(cluster, project, "agent", 3) == sorted(
        f"devenv-{n.name}" for n in cluster.nodes
    )
    assert len(nodes_of(cluster, project, "web", 2)) == 2
    spec = json.loads(cluster.docker("service", "inspect", f"{project.name}_db").stdout)[0]
    placement = spec["Spec"]["TaskTemplate"]["Placement"]
    assert placement["Constraints"] == ["node.labels.role == db"]


def test_a_node_that_cannot_reach_the_registry_fails_the_release_and_rolls_back(
    cluster: Cluster, project: Project
) -> None:
    blocked = next(n for n in cluster.nodes if n.labels.get("role") == "db")
    before = image_of(cluster, f"{project.name}_db")
    subprocess.run(["bash", str(SCRIPT), "block-registry", blocked.name], check=True)
    try:
        t0 = time.monotonic()
        # Only db changes: its one task must run on the blocked node, which cannot pull it;
        # release 1's db image is there already, so the way back needs no pull.
        proc = promote(cluster, project, "r2", "db")
        took = time.monotonic() - t0
    finally:
        subprocess.run(["bash", str(SCRIPT), "unblock-registry", blocked.name], check=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "release 2 FAILED" in out, out
    # db can only run on the blocked node: its new task there cannot pull the new image.
    assert f"on node devenv-{blocked.name}" in out, out
    assert "back on release 1 (r1)" in out, out
    assert took < 3 * TIMEOUT, out
    after = image_of(cluster, f"{project.name}_db")
    assert after == before
    rerun = promote(cluster, project, "r3", "db")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    history = releases(cluster, project)
    assert [n for n, _ in history] == [1, 2, 3], history
    assert dict(history)[2] == "failed", history
    assert dict(history)[3] == "deployed", history


def test_a_node_drained_during_a_deploy_moves_its_tasks_and_the_release_converges(
    cluster: Cluster, project: Project
) -> None:
    worker = next(n for n in cluster.nodes if n.labels.get("zone") == "b")
    wid = cluster.docker("info", "--format", "{{.Swarm.NodeID}}", node=worker.name).stdout.strip()
    drain = ["docker", "-H", cluster.host, "node", "update", "--availability", "drain", wid]
    live = last_deployed(cluster, project)
    try:
        out, took = promote_with(cluster, project, "r4", drain, "web")
        # Swarm moves the drained node's tasks; an update of the global service that the
        # drain catches half-way may stall in Swarm itself (seen on a loaded machine): then
        # the release fails at the timeout and the stack goes back to the one before.
        converged_or_back(out, 4, live)
        assert took < 3 * TIMEOUT, out
        others = sorted(f"devenv-{n.name}" for n in cluster.nodes if n != worker)
        # Nothing runs on the drained node; the global service runs on every other one.
        assert nodes_of(cluster, project, "agent", 2) == others
        assert f"devenv-{worker.name}" not in nodes_of(cluster, project, "web", 2)
    finally:
        cluster.docker("node", "update", "--availability", "active", wid)
    assert [n for n, _ in releases(cluster, project)] == [1, 2, 3, 4]


def test_a_worker_engine_stopped_during_a_deploy_ends_in_time_and_a_rerun_converges(
    cluster: Cluster, project: Project
) -> None:
    worker = next(n for n in cluster.nodes if n.labels.get("zone") == "b")
    pidfile = Path(f"/run/devenv/cluster/{worker.name}.pid")
    stop = ["sh", "-c", f"kill -TERM $(cat {pidfile})"]
    live = last_deployed(cluster, project)
    try:
        out, took = promote_with(cluster, project, "r5", stop, "web")
        # Swarm marks the node down after missed heartbeats and moves its tasks: the release
        # converges on the other nodes, or fails within the timeout and goes back.
        converged_or_back(out, 5, live)
        assert took < 3 * TIMEOUT + 30, out
    finally:
        # The script starts what does not answer: the engine comes back, the node rejoins.
        up = subprocess.run(
            ["bash", str(SCRIPT), "up"], capture_output=True, text=True, timeout=300
        )
        assert up.returncode == 0, up.stdout + up.stderr
    deadline = time.monotonic() + 60
    while "Down" in cluster.docker("node", "ls", "--format", "{{.Status}}").stdout:
        assert time.monotonic() < deadline, "the restarted node did not come back Ready"
        time.sleep(1)
    # The node is Ready again, but Swarm may still be reconciling its old tasks: a first
    # rerun may fail on that (and go back), a second must converge.
    rerun = promote(cluster, project, "r6", "web", "db")
    first = rerun.stdout + rerun.stderr
    if rerun.returncode != 0:
        rerun = promote(cluster, project, "r7", "web", "db")
    assert rerun.returncode == 0, first + "\n--- second rerun ---\n" + rerun.stdout + rerun.stderr
    assert nodes_of(cluster, project, "agent", 3) == sorted(
        f"devenv-{n.name}" for n in cluster.nodes
    )
    numbers = [n for n, _ in releases(cluster, project)]
    assert numbers in ([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7]), numbers
