"""The three-node cluster itself (issue 13): nodes, placement, overlay DNS, digest pulls.

Each test deploys a stack of its own (a unique name) on the cluster's manager and removes it
afterwards. Node addresses exist only inside the cluster's namespaces, so what must reach one
(a published port) runs there through `Node.nsenter`.
"""

from __future__ import annotations

import json
import random
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.cluster.conftest import SCRIPT

if TYPE_CHECKING:
    from tests.e2e.cluster.conftest import Cluster

BUSYBOX = "devenv-test/busybox:1.35"
Deploy = Callable[[str], str]


@pytest.fixture
def name() -> str:
    return f"dvc-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def deploy(cluster: Cluster, name: str, tmp_path: Path) -> Iterator[Deploy]:
    """`deploy(compose_text)`: `docker stack deploy` it as stack `name`; removed afterwards."""

    def run(text: str) -> str:
        path = tmp_path / "stack.yml"
        # Debian 12's CLI 20.10 refuses a stack file without `version:` ("unsupported Compose
        # file version: 1.0"); 3.8 has every key these tests use (max_replicas_per_node).
        path.write_text('version: "3.8"\n' + text)
        # Local images are not in any registry: do not ask one for their digests.
        cluster.docker("stack", "deploy", "--resolve-image", "never", "-c", str(path), name)
        return name

    yield run
    cluster.docker("stack", "rm", name, check=False)


def running_tasks(cluster: Cluster, service: str) -> list[tuple[str, str]]:
    """(node hostname, current state) of the tasks of `service` that should be running."""
    proc = cluster.docker(
        "service",
        "ps",
        "--filter",
        "desired-state=running",
        "--format",
        "{{.Node}}\t{{.CurrentState}}",
        service,
    )
    rows = [line.partition("\t") for line in proc.stdout.splitlines()]
    return [(node, state) for node, _, state in rows]


def wait_running(cluster: Cluster, service: str, count: int, timeout: float = 60) -> list[str]:
    """The nodes of `count` running tasks of `service`, once they all run."""
    deadline = time.monotonic() + timeout
    while True:
        tasks = running_tasks(cluster, service)
        up = [node for node, state in tasks if state.startswith("Running")]
        if len(up) == count == len(tasks):
            return sorted(up)
        if time.monotonic() > deadline:
            pytest.fail(f"{service}: wanted {count} running tasks, have {tasks}", pytrace=False)
        time.sleep(0.3)


def container_on(cluster: Cluster, node: str, service: str) -> str:
    proc = cluster.docker(
        "ps", "-q", "--filter", f"label=com.docker.swarm.service.name={service}", node=node
    )
    ids = proc.stdout.split()
    assert len(ids) == 1, f"expected one container of {service} on {node}, got {ids}"
    return ids[0]


def test_three_nodes_are_ready_with_their_labels(cluster: Cluster) -> None:
    rows = [
        json.loads(line)
        for line in cluster.docker("node", "ls", "--format", "{{json .}}").stdout.splitlines()
    ]
    assert sorted(row["Hostname"] for row in rows) == [f"devenv-{n.name}" for n in cluster.nodes]
    assert {row["Status"] for row in rows} == {"Ready"}
    assert [row["Hostname"] for row in rows if row["ManagerStatus"] == "Leader"] == [
        f"devenv-{cluster.manager.name}"
    ]
    for node in cluster.nodes:
        spec = json.loads(
            cluster.docker(
                "node", "inspect", "--format", "{{json .Spec.Labels}}", f"devenv-{node.name}"
            ).stdout
        )
        assert {k: spec[k] for k in node.labels} == dict(node.labels)
    assert [n.labels.get("role") for n in cluster.nodes].count("db") == 1


def test_every_engine_takes_the_registry_as_insecure_and_reaches_it(cluster: Cluster) -> None:
    for node in cluster.nodes:
        info = json.loads(cluster.docker("info", "--format", "{{json .}}", node=node.name).stdout)
        assert info["Swarm"]["NodeAddr"] == node.address
        assert info["RegistryConfig"]["IndexConfigs"][cluster.registry]["Secure"] is False
        proc = subprocess.run(
            node.nsenter("curl", "-sf", f"http://{cluster.registry}/v2/"),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        assert proc.returncode == 0, f"{node.name}: {proc.stderr}"


def test_status_says_up_and_up_again_starts_nothing(cluster: Cluster) -> None:
    status = subprocess.run(["bash", str(SCRIPT), "status"], capture_output=True, text=True)
    assert status.returncode == 0, status.stdout
    ids = cluster.docker("node", "ls", "-q").stdout.split()
    again = subprocess.run(["bash", str(SCRIPT), "up"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "started" not in again.stdout, again.stdout
    assert "joined now" not in again.stdout, again.stdout
    assert cluster.docker("node", "ls", "-q").stdout.split() == ids


def test_max_one_replica_per_node_puts_one_task_on_each(cluster: Cluster, deploy: Deploy) -> None:
    stack = deploy(
        f"""
services:
  spread:
    image: {BUSYBOX}
    command: ["sleep", "3600"]
    deploy:
      replicas: 3
      placement: {{max_replicas_per_node: 1}}
"""
    )
    nodes = wait_running(cluster, f"{stack}_spread", 3)
    assert nodes == [f"devenv-{n.name}" for n in cluster.nodes]
    # A fourth replica has no node left to go to: it must stay pending, not double up.
    cluster.docker("service", "scale", "-d", f"{stack}_spread=4")
    deadline = time.monotonic() + 20
    while True:
        states = [state for _, state in running_tasks(cluster, f"{stack}_spread")]
        if len(states) == 4 and sum(s.startswith("Pending") for s in states) == 1:
            break
        assert time.monotonic() < deadline, states
        time.sleep(0.3)
    assert sum(s.startswith("Running") for s in states) == 3


def test_services_on_two_nodes_reach_each_other_by_name(cluster: Cluster, deploy: Deploy) -> None:
    token = uuid.uuid4().hex
    port = random.randint(20000, 29999)
    stack = deploy(
        f"""
services:
  db:
    image: {BUSYBOX}
    command: ["sh", "-c", "mkdir /w && echo {token} > /w/index.html && httpd -f -p 8080 -h /w"]
    networks: [back]
    ports: [{{target: 8080, published: {port}, mode: host}}]
    deploy:
      endpoint_mode: dnsrr
      placement: {{constraints: ["node.labels.role == db"]}}
  web:
    image: {BUSYBOX}
    command: ["sleep", "3600"]
    networks: [back]
    deploy:
      endpoint_mode: dnsrr
      placement: {{constraints: ["node.labels.zone == b"]}}
networks:
  back: {{driver: overlay}}
"""
    )
    db_node = next(n for n in cluster.nodes if n.labels.get("role") == "db")
    web_node = next(n for n in cluster.nodes if n.labels.get("zone") == "b")
    assert db_node != web_node
    assert wait_running(cluster, f"{stack}_db", 1) == [f"devenv-{db_node.name}"]
    assert wait_running(cluster, f"{stack}_web", 1) == [f"devenv-{web_node.name}"]
    web = container_on(cluster, web_node.name, f"{stack}_web")
    # busybox's `wget -T` crashes (a busybox bug): `timeout` bounds it instead. A name that
    # does not resolve is forwarded to the host's resolvers, which this closed network never
    # answers: `timeout` then ends wget with no output at all, hence the overlay view below.
    deadline = time.monotonic() + 60
    while True:
        got = cluster.docker(
            "exec",
            web,
            "timeout",
            "5",
            "wget",
            "-qO-",
            "http://db:8080/",
            node=web_node.name,
            check=False,
        )
        if got.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)  # the db's name appears in the overlay's DNS once its task runs
    assert got.stdout.strip() == token, (
        f"web on {web_node.name} did not reach db on {db_node.name} by name in 60s "
        f"(exit {got.returncode}: {got.stderr.strip()}); the overlay as each node sees it:\n"
        + cluster.overlay_view(f"{stack}_back")
    )
    # The host-mode port answers at the db node's own address, seen from another node.
    proc = subprocess.run(
        cluster.manager.nsenter("curl", "-sf", "-m", "5", f"http://{db_node.address}:{port}/"),
        capture_output=True,
        text=True,
        timeout=15,
        check=False,
    )
    assert proc.stdout.strip() == token, proc.stderr


def test_an_image_pushed_once_is_pulled_by_digest_on_every_node(
    cluster: Cluster, deploy: Deploy, name: str, tmp_path: Path
) -> None:
    token = uuid.uuid4().hex
    image = f"{cluster.registry}/devenv-e2e/{name}:1"
    (tmp_path / "Dockerfile").write_text(f"FROM {BUSYBOX}\nRUN echo {token} > /token\n")
    cluster.docker("build", "-q", "-t", image, str(tmp_path))
    cluster.docker("push", "-q", image)
    digest = cluster.docker("image", "inspect", "--format", "{{index .RepoDigests 0}}", image)
    pinned = digest.stdout.strip()
    assert pinned.startswith(f"{cluster.registry}/devenv-e2e/{name}@sha256:")
    workers = [n for n in cluster.nodes if n != cluster.manager]
    for node in workers:
        # Built on the manager only: a worker can get it from nowhere but the registry.
        assert cluster.docker("image", "inspect", image, node=node.name, check=False).returncode
    stack = deploy(
        f"""
services:
  everywhere:
    image: {pinned}
    command: ["sh", "-c", "cat /token; exec sleep 3600"]
    deploy: {{mode: global}}
"""
    )
    assert len(wait_running(cluster, f"{stack}_everywhere", 3)) == 3
    for node in cluster.nodes:
        container = container_on(cluster, node.name, f"{stack}_everywhere")
        ran = cluster.docker("inspect", "--format", "{{.Config.Image}}", container, node=node.name)
        assert ran.stdout.strip() == pinned
        digests = cluster.docker(
            "image", "inspect", "--format", "{{json .RepoDigests}}", pinned, node=node.name
        )
        assert pinned in json.loads(digests.stdout)
        assert cluster.docker("logs", container, node=node.name).stdout.strip() == token


def test_a_blocked_node_cannot_pull_until_unblocked(cluster: Cluster, name: str) -> None:
    image = f"{cluster.registry}/devenv-e2e/{name}:1"
    cluster.docker("tag", BUSYBOX, image)
    cluster.docker("push", "-q", image)
    node = cluster.nodes[-1]
    blocked = subprocess.run(
        ["bash", str(SCRIPT), "block-registry", node.name], capture_output=True, text=True
    )
    assert blocked.returncode == 0, blocked.stderr
    try:
        pull = cluster.docker("pull", "-q", image, node=node.name, check=False, timeout=30)
        assert pull.returncode != 0
        assert "connection refused" in pull.stderr
        # Only that node: the manager still pulls.
        cluster.docker("pull", "-q", image)
    finally:
        unblocked = subprocess.run(
            ["bash", str(SCRIPT), "unblock-registry", node.name], capture_output=True, text=True
        )
    assert unblocked.returncode == 0, unblocked.stderr
    cluster.docker("pull", "-q", image, node=node.name)
