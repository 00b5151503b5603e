"""Fixtures for end-to-end tests on the real parts that `scripts/setup` brings up (issue 2, §4).

Every test under tests/e2e is marked `engine`. A missing part FAILS the test, saying why and
what to run: nothing here skips, so a run without the engine can never pass by accident.
"""

from __future__ import annotations

import http.client
import json
import os
import shlex
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, Protocol

import ntplib
import pytest

from devenv import engine

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HARNESS_ENV = Path("/run/devenv/harness.env")
REGISTRY = "127.0.0.1:5000"
NTP_SERVER = ("127.0.0.1", 11123)
BUSYBOX_IMAGE = "devenv-test/busybox:1.35"
PYTHON_IMAGE = "devenv-test/python:3.11-bookworm"
SETUP_HINT = "run `bash scripts/setup` (it says which part failed and why)"
# The CLI devenv runs, so that the tests drive the same one: scripts/test runs the swarm
# tests a second time with DEVENV_DOCKER=/usr/bin/docker, Debian 12's CLI 20.10 (issue 11).
DOCKER = engine.docker_bin()


class Engine(NamedTuple):
    host: str
    version: str
    api_version: str


class Swarm(NamedTuple):
    node_id: str
    address: str


class HttpReply(NamedTuple):
    status: int
    body: str
    headers: dict[str, str]


class HttpGet(Protocol):
    def __call__(
        self,
        url: str,
        timeout: float = 30.0,
        *,
        expect: str | None = None,
        status: int | None = 200,
    ) -> HttpReply: ...


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The hook sees every collected item of the session, not only this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.engine)


def harness_env() -> dict[str, str]:
    """The variables scripts/setup exported to /run/devenv/harness.env (empty if absent)."""
    return read_env(HARNESS_ENV)


def read_env(path: Path) -> dict[str, str]:
    """The `export KEY=VALUE` lines of a file a script wrote to be sourced (empty if absent)."""
    if not path.is_file():
        return {}
    env: dict[str, str] = {}
    for line in path.read_text().splitlines():
        words = shlex.split(line, comments=True)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            key, _, value = words[1].partition("=")
            env[key] = value
    return env


def run_docker(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `docker ARGS` (the CLI devenv runs); a non-zero exit fails the test with the
    command and its stderr."""
    try:
        proc = subprocess.run(
            [DOCKER, *args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`docker {shlex.join(args)}` took more than {timeout}s", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(
            f"`docker {shlex.join(args)}` exited {proc.returncode}: {proc.stderr.strip()}",
            pytrace=False,
        )
    return proc


def started_at(container: str) -> str:
    """When the container's current run began (`State.StartedAt`): a restart changes it."""
    return run_docker("inspect", "--format", "{{.State.StartedAt}}", container).stdout.strip()


def compose_containers(
    project: str, service: str | None = None, *, running: bool = True
) -> list[str]:
    """The short ids of a Compose project's containers (of `service`; None: all), as
    `docker ps -q` lists them."""
    args = ["ps", "-q", "--filter", f"label=com.docker.compose.project={project}"]
    if service is not None:
        args += ["--filter", f"label=com.docker.compose.service={service}"]
    return run_docker(*args, *([] if running else ["--all"])).stdout.split()


def deploy_stack(stack_file: Path, name: str) -> None:
    """`docker stack deploy` a rendered prod stack as `devenv promote` does, on whichever
    CLI this run selected (with the `version:` key that a CLI before 23 needs)."""
    from devenv.prod import swarm
    from devenv.prod.contract import DeployFailed

    try:
        swarm.deploy(stack_file.read_text(), name, str(stack_file.parent))
    except DeployFailed as exc:
        pytest.fail(f"deploying {stack_file} as {name}: {exc}", pytrace=False)


def find_free_port() -> int:
    """A TCP port free on 127.0.0.1 now (another process may still take it before you do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def poll_http(
    url: str,
    timeout: float = 30.0,
    *,
    expect: str | None = None,
    status: int | None = 200,
) -> HttpReply:
    """GET `url` until it answers with `status` (None: any) and a body containing `expect`.

    Only http://127.0.0.1:PORT/... is accepted: tests reach containers through ports published
    on loopback (issue 2, §4). Connection errors are retried until `timeout`; then the last
    reply or error is reported in an AssertionError.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1" or parts.port is None:
        raise ValueError(f"http_get only reaches http://127.0.0.1:PORT/..., not {url!r}")
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    deadline = time.monotonic() + timeout
    last = "no attempt"
    while True:
        remaining = deadline - time.monotonic()
        # http.client, not urllib: an http_proxy in the environment must not intercept.
        conn = http.client.HTTPConnection(
            "127.0.0.1", parts.port, timeout=max(0.1, min(5.0, remaining))
        )
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            reply = HttpReply(
                resp.status, resp.read().decode("utf-8", "replace"), dict(resp.getheaders())
            )
        except (OSError, http.client.HTTPException) as exc:
            last = f"{type(exc).__name__}: {exc}"
        else:
            if (status is None or reply.status == status) and (
                expect is None or expect in reply.body
            ):
                return reply
            last = f"HTTP {reply.status}: {reply.body[:200]!r}"
        finally:
            conn.close()
        if time.monotonic() >= deadline:
            wanted = f"status {status}" if status is not None else "any status"
            if expect is not None:
                wanted += f" and a body containing {expect!r}"
            raise AssertionError(
                f"{url} gave no reply with {wanted} within {timeout}s; last: {last}"
            )
        time.sleep(0.1)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine behind DOCKER_HOST (taken from harness.env when the caller left it unset)."""
    for key, value in harness_env().items():
        os.environ.setdefault(key, value)
    host = os.environ.get("DOCKER_HOST")
    if not host:
        pytest.fail(
            f"DOCKER_HOST is unset and {HARNESS_ENV} is missing: {SETUP_HINT}", pytrace=False
        )
    try:
        proc = subprocess.run(
            [DOCKER, "version", "--format", "{{json .Server}}"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except FileNotFoundError:
        pytest.fail("no `docker` CLI on PATH", pytrace=False)
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"the engine at DOCKER_HOST={host} did not answer in 20s: {SETUP_HINT}", pytrace=False
        )
    if proc.returncode != 0 or proc.stdout.strip() in ("", "null"):
        reason = proc.stderr.strip() or "no server information"
        pytest.fail(
            f"the engine at DOCKER_HOST={host} does not answer ({reason}): {SETUP_HINT}",
            pytrace=False,
        )
    server = json.loads(proc.stdout)
    return Engine(host, server["Version"], server["ApiVersion"])


@pytest.fixture(scope="session", autouse=True)
def _engine_env(engine: Engine) -> None:
    # Autouse so that every e2e test, and every `devenv` it spawns, sees the harness's DOCKER_HOST.
    return None


@pytest.fixture(scope="session")
def docker(engine: Engine) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`docker(*args, timeout=120)`: run the CLI against the engine; failures fail the test."""
    return run_docker


@pytest.fixture(scope="session")
def swarm(engine: Engine) -> Swarm:
    info = json.loads(run_docker("info", "--format", "{{json .Swarm}}").stdout)
    if info.get("LocalNodeState") != "active" or not info.get("ControlAvailable"):
        pytest.fail(
            f"the engine is not a swarm manager (state {info.get('LocalNodeState')!r}): "
            + SETUP_HINT,
            pytrace=False,
        )
    return Swarm(info["NodeID"], info["NodeAddr"])


@pytest.fixture(scope="session")
def registry(engine: Engine) -> str:
    """`127.0.0.1:5000`, to prefix image names (the engine pushes to loopback without TLS)."""
    try:
        poll_http(f"http://{REGISTRY}/v2/", timeout=5)
    except AssertionError as exc:
        pytest.fail(f"the registry does not answer: {exc}; {SETUP_HINT}", pytrace=False)
    return REGISTRY


def _image_present(tag: str) -> bool:
    proc = subprocess.run(
        [DOCKER, "image", "inspect", "--format", "{{.Id}}", tag],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return proc.returncode == 0


@pytest.fixture(scope="session")
def busybox_image(engine: Engine) -> str:
    """The tag of the offline busybox base image (sh, httpd, wget...; users root and nobody)."""
    if not _image_present(BUSYBOX_IMAGE):
        pytest.fail(
            f"{BUSYBOX_IMAGE} is missing: run `bash scripts/setup busybox-image`", pytrace=False
        )
    return BUSYBOX_IMAGE


@pytest.fixture(scope="session")
def python_image(engine: Engine) -> str:
    """The tag of the Debian bookworm image with python3 (3.11); built here if it is missing."""
    if not _image_present(PYTHON_IMAGE):
        # debootstrap takes minutes, so it runs once per machine, when a test first needs it.
        proc = subprocess.run(
            ["bash", str(REPO / "scripts" / "setup"), "python-image"],
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        if proc.returncode != 0 or not _image_present(PYTHON_IMAGE):
            pytest.fail(
                f"could not build {PYTHON_IMAGE}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}",
                pytrace=False,
            )
    return PYTHON_IMAGE


@pytest.fixture(scope="session")
def chrony_server(engine: Engine) -> tuple[str, int]:
    """`("127.0.0.1", 11123)`: a chrony NTP server on loopback (stratum 8, local clock)."""
    host, port = NTP_SERVER
    try:
        ntplib.NTPClient().request(host, port=port, version=4, timeout=2)
    except (ntplib.NTPException, OSError) as exc:
        pytest.fail(f"no NTP answer from {host}:{port} ({exc}): {SETUP_HINT}", pytrace=False)
    return NTP_SERVER


@pytest.fixture
def free_port() -> Callable[[], int]:
    """`free_port()`: a TCP port free on 127.0.0.1, to publish a container on."""
    return find_free_port


@pytest.fixture
def http_get() -> HttpGet:
    """`http_get(url, timeout=30, *, expect=None, status=200)`: see poll_http."""
    return poll_http
