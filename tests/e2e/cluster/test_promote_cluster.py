"""`devenv promote` of a multi-service stack to the three-node cluster (issue 13, item 1, 4).

devenv runs inside the manager's network namespace (the registry's address exists only
there) and talks to the manager's engine through its socket. The stack: `web`, three
replicas on one host-mode port (so one per node), healthy only while it reaches `api`, on
whichever node that runs, by name over the overlay; both built here, pushed to the cluster's
plain-HTTP registry and pulled by digest on every node. `api` keeps data on a local volume,
unpinned: the lint gate shows DV212 for this three-node swarm before the deploy.

Not yet covered: placement constraints by node label and `mode: global` through devenv.yaml,
which has no key for them yet (the cluster's own tests deploy both directly).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest

from tests.e2e.cluster.test_cluster import container_on, wait_running

if TYPE_CHECKING:
    from tests.e2e.cluster.conftest import Cluster

DOCKERFILE = """\
FROM devenv-test/busybox:1.35 AS api
RUN mkdir /srv && echo {token} > /srv/index.html
CMD ["httpd", "-f", "-p", "8081", "-h", "/srv"]

FROM devenv-test/busybox:1.35 AS web
RUN mkdir /srv && echo web-{token} > /srv/index.html
CMD ["httpd", "-f", "-p", "8080", "-h", "/srv"]
"""

CONFIG = """\
project: {name}
registry: {registry}
services:
  web:
    build: {{context: ., target: web}}
    ports: ["{port}:8080"]
    healthcheck:
      test: ["CMD-SHELL", "wget -qO- http://api:8081/ | grep -q {token}"]
      interval: 1s
      timeout: 3s
      retries: 3
      # api's name reaches each node's DNS by Swarm's gossip, seconds after its task starts.
      start_period: 30s
    prod:
      replicas: 3
      publish_mode: host
      endpoint_mode: dnsrr
      update: {{monitor: 1s}}
  api:
    build: {{context: ., target: api}}
    data: [/var/lib/api]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8081/"]
      interval: 1s
    prod:
      endpoint_mode: dnsrr
      update: {{monitor: 1s}}
"""


class Promoted(NamedTuple):
    root: Path
    name: str
    token: str
    port: int
    proc: subprocess.CompletedProcess[str]
    overlay: str  # each node's view of the stack's network, when the promote failed


def devenv_in(
    cluster: Cluster, root: Path, *args: str, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """`devenv ARGS` in the manager's namespace, against the manager's engine."""
    return subprocess.run(
        cluster.manager.nsenter(sys.executable, "-m", "devenv", *args),
        cwd=root,
        env=cluster.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def promoted(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Promoted]:
    root = tmp_path_factory.mktemp("cluster-promote")
    name, token = f"dvcp-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    port = random.randint(30000, 39999)
    (root / "Dockerfile").write_text(DOCKERFILE.format(token=token))
    (root / "devenv.yaml").write_text(
        CONFIG.format(name=name, registry=cluster.registry, port=port, token=token)
    )
    # --skip-ntp: the harness's NTP server is on the host's loopback, out of the cluster's reach.
    # --allow-dirty: the project is a tmp folder outside git (recorded with the release).
    args = ("promote", "--yes", "--tag", "v1", "--timeout", "120", "--skip-ntp", "--allow-dirty")
    proc = devenv_in(cluster, root, *args)
    overlay = cluster.overlay_view(f"{name}_default") if proc.returncode else ""
    yield Promoted(root, name, token, port, proc, overlay)
    cluster.docker("stack", "rm", name, check=False)


def ok(p: Promoted) -> str:
    assert p.proc.returncode == 0, (
        f"exit {p.proc.returncode}\n{p.proc.stdout}\n{p.proc.stderr}\n"
        f"the overlay as each node sees it:\n{p.overlay}"
    )
    return p.proc.stdout


def test_registry_gate_uses_plain_http_because_the_engine_says_so(
    cluster: Cluster, promoted: Promoted
) -> None:
    out = ok(promoted)
    assert (
        f"gate registry: ok: {cluster.registry} answers (v2 API) over plain HTTP "
        "(the engine lists it as an insecure registry)"
    ) in out


def test_every_node_runs_web_from_the_pushed_digest(cluster: Cluster, promoted: Promoted) -> None:
    ok(promoted)
    service = f"{promoted.name}_web"
    spec = json.loads(cluster.docker("service", "inspect", service).stdout)[0]["Spec"]
    pinned = spec["TaskTemplate"]["ContainerSpec"]["Image"]
    assert pinned.startswith(f"{cluster.registry}/{promoted.name}/web:v1@sha256:")
    # One host port, three replicas: one task on each node.
    assert wait_running(cluster, service, 3) == [f"devenv-{n.name}" for n in cluster.nodes]
    for node in cluster.nodes:
        container = container_on(cluster, node.name, service)
        got = cluster.docker("inspect", "--format", "{{.Config.Image}}", container, node=node.name)
        assert got.stdout.strip() == pinned
        digests = cluster.docker(
            "image", "inspect", "--format", "{{json .RepoDigests}}", pinned, node=node.name
        )
        untagged = f"{cluster.registry}/{promoted.name}/web@{pinned.partition('@')[2]}"
        assert untagged in json.loads(digests.stdout), node.name


def test_web_on_every_node_is_healthy_through_api_by_name(
    cluster: Cluster, promoted: Promoted
) -> None:
    ok(promoted)
    api_nodes = wait_running(cluster, f"{promoted.name}_api", 1)
    elsewhere = [n for n in cluster.nodes if f"devenv-{n.name}" not in api_nodes]
    assert len(elsewhere) == 2
    for node in cluster.nodes:
        container = container_on(cluster, node.name, f"{promoted.name}_web")
        health = cluster.docker(
            "inspect", "--format", "{{.State.Health.Status}}", container, node=node.name
        )
        # promote returned only once every task was healthy; they stay so.
        assert health.stdout.strip() == "healthy", node.name
        # The published port answers at each node's own address, from the manager.
        url = f"http://{node.address}:{promoted.port}/"
        reply = subprocess.run(
            cluster.manager.nsenter("curl", "-sf", "-m", "5", url),
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        )
        assert reply.stdout.strip() == f"web-{promoted.token}", reply.stderr


def test_the_lint_gate_shows_dv212_for_this_swarm_before_deploying(promoted: Promoted) -> None:
    out = ok(promoted)
    warning = (
        "[warning] DV212 service api writes to local volume api-var-lib-api on a swarm of 3 "
        "nodes: an update or a node failure may move its task to another node"
    )
    assert warning in out
    assert out.index("gate lint: ok:") < out.index(warning) < out.index("deploy release 1")


def test_status_prod_shows_each_task_on_its_node_with_digest_and_release(
    cluster: Cluster, promoted: Promoted
) -> None:
    ok(promoted)
    spec = json.loads(cluster.docker("service", "inspect", f"{promoted.name}_web").stdout)[0]
    pinned = spec["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]
    proc = devenv_in(cluster, promoted.root, "status", "--prod", "--format", "json", timeout=60)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["stack"] == promoted.name
    web = [t for t in doc["tasks"] if t["service"] == "web"]
    assert sorted(t["node"] for t in web) == [f"devenv-{n.name}" for n in cluster.nodes]
    for t in web:
        assert (t["state"], t["health"], t["release"]) == ("running", "healthy", 1)
        assert (t["image"], t["digest"]) == (pinned, pinned.partition("@")[2])
    assert [t["service"] for t in doc["tasks"]].count("api") == 1
    text = devenv_in(cluster, promoted.root, "status", "--prod", timeout=60)
    assert text.returncode == 0, text.stderr
    for node in cluster.nodes:
        assert f"devenv-{node.name}" in text.stdout
    assert pinned.partition("@")[2][:19] in text.stdout
