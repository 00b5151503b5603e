"""The three-node swarm of `scripts/cluster` (issue 13), brought up once per test session.

`cluster` yields a `Cluster` record: the manager's DOCKER_HOST, the registry on the node
network and each node's name, socket, address, network namespace and labels. The cluster is
taken down at the end of the session, also after failures, unless another session still uses
it (each holds a shared lock for its whole run; the last one out takes it down) or
DEVENV_CLUSTER_KEEP=1 (for iterating on a test: then it is neither reset nor removed).
A cluster that cannot come up FAILS the tests that need it, with the script's own message.
"""

from __future__ import annotations

import fcntl
import os
import shlex
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, NamedTuple

import pytest

from tests.e2e.conftest import REPO, Engine, read_env

HERE = Path(__file__).resolve().parent
SCRIPT = REPO / "scripts" / "cluster"
CLUSTER_ENV = Path("/run/devenv/cluster.env")
USERS_LOCK = Path("/run/devenv/cluster.users.lock")
NETNS_DIR = Path("/var/run/netns")


class Node(NamedTuple):
    name: str
    host: str
    address: str
    netns: str
    labels: Mapping[str, str]

    def nsenter(self, *argv: str) -> list[str]:
        """`argv` run inside this node's network namespace (to reach node addresses)."""
        return ["nsenter", f"--net={NETNS_DIR / self.netns}", *argv]


class Cluster(NamedTuple):
    host: str
    registry: str
    registry_netns: str
    nodes: tuple[Node, ...]
    up_seconds: float

    @property
    def manager(self) -> Node:
        return self.nodes[0]

    def node(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def docker(
        self, *args: str, node: str | None = None, timeout: float = 120, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """`docker ARGS` on the manager (or on `node`); a failure fails the test if `check`."""
        host = self.node(node).host if node else self.host
        argv = ["docker", "-H", host, *args]
        try:
            proc = subprocess.run(
                argv, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"`{shlex.join(argv)}` took more than {timeout}s", pytrace=False)
        if check and proc.returncode != 0:
            pytest.fail(
                f"`{shlex.join(argv)}` exited {proc.returncode}: {proc.stderr.strip()}",
                pytrace=False,
            )
        return proc

    def overlay_view(self, network: str) -> str:
        """What each node's engine knows of `network`: its gossip peers and service entries.

        For a failure message: a name that does not resolve on one node is a gossip problem
        when that node's view lacks a peer or the service.
        """
        template = (
            "peers: {{range .Peers}}{{.Name}}@{{.IP}} {{end}}| services: "
            "{{range $name, $svc := .Services}}{{$name}}={{range $svc.Tasks}}"
            '{{.EndpointIP}}@{{index .Info "Host IP"}} {{end}}{{end}}'
        )
        lines = []
        for node in self.nodes:
            got = self.docker(
                "network",
                "inspect",
                "--verbose",
                "--format",
                template,
                network,
                node=node.name,
                check=False,
                timeout=30,
            )
            lines.append(f"{node.name}: {got.stdout.strip() or got.stderr.strip()}")
        return "\n".join(lines)

    def env(self) -> dict[str, str]:
        """os.environ with DOCKER_HOST pointing at the manager, for a `devenv` subprocess."""
        return {**os.environ, "DOCKER_HOST": self.host}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.cluster)


def script(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def load(env: Mapping[str, str], up_seconds: float) -> Cluster:
    nodes = []
    for name in env["DEVENV_CLUSTER_NODES"].split():
        key = f"DEVENV_CLUSTER_{name.upper()}_"
        labels = dict(word.split("=", 1) for word in env[key + "LABELS"].split())
        nodes.append(
            Node(name, env[key + "SOCKET"], env[key + "ADDRESS"], env[key + "NETNS"], labels)
        )
    manager = env["DEVENV_CLUSTER_MANAGER"]
    nodes.sort(key=lambda node: node.name != manager)
    return Cluster(
        env["DOCKER_HOST"],
        env["DEVENV_CLUSTER_REGISTRY"],
        env["DEVENV_CLUSTER_REGISTRY_NETNS"],
        tuple(nodes),
        up_seconds,
    )


def fail_with(what: str, proc: subprocess.CompletedProcess[str]) -> None:
    pytest.fail(f"{what} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def cluster(engine: Engine) -> Iterator[Cluster]:
    keep = os.environ.get("DEVENV_CLUSTER_KEEP") == "1"
    USERS_LOCK.parent.mkdir(parents=True, exist_ok=True)
    with USERS_LOCK.open("a") as users:
        # Shared while in use; a session taking it down needs it exclusively, so that it never
        # removes a cluster that another session on this machine is testing on.
        fcntl.flock(users, fcntl.LOCK_SH)
        t0 = time.monotonic()
        proc = script("up")
        try:
            if proc.returncode != 0:
                fail_with("`bash scripts/cluster up`", proc)
            yield load(read_env(CLUSTER_ENV), time.monotonic() - t0)
        finally:
            if not keep:
                teardown(users)


def teardown(users: IO[str]) -> None:
    try:
        fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # another session still tests on it; the last one takes it down
    proc = script("down")
    if proc.returncode != 0:
        fail_with("`bash scripts/cluster down`", proc)
