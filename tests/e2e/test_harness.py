"""The harness itself: each real part that scripts/setup brings up answers and does its job."""

from __future__ import annotations

import http.client
import json
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import ntplib
import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import Engine, HttpGet, Swarm

Docker = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def name() -> str:
    # Unique per test: other engineers and CI jobs share this engine.
    return f"devenv-harness-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def cleanup() -> Iterator[list[tuple[str, ...]]]:
    """Docker commands to run after the test, last registered first, whatever the outcome."""
    commands: list[tuple[str, ...]] = []
    yield commands
    for args in reversed(commands):
        subprocess.run(["docker", *args], capture_output=True, timeout=60, check=False)


def test_engine_answers_with_api_1_41_or_later(engine: Engine) -> None:
    assert engine.host
    major, minor = (int(part) for part in engine.api_version.split(".")[:2])
    assert (major, minor) >= (1, 41)


def test_compose_is_v2(docker: Docker) -> None:
    assert docker("compose", "version", "--short").stdout.strip().startswith("2.")


def test_image_built_from_busybox_serves_http_on_loopback(
    docker: Docker,
    busybox_image: str,
    free_port: Callable[[], int],
    http_get: HttpGet,
    tmp_path: Path,
    name: str,
    cleanup: list[tuple[str, ...]],
) -> None:
    (tmp_path / "Dockerfile").write_text(
        f"FROM {busybox_image}\n"
        f"RUN mkdir -p /www && echo {name} > /www/index.html\n"
        'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n'
    )
    tag = f"devenv-test/{name}:1"
    cleanup.append(("rmi", "-f", tag))
    docker("build", "-q", "-t", tag, str(tmp_path))
    port = free_port()
    cleanup.append(("rm", "-f", name))
    docker("run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8080", tag)

    assert http_get(f"http://127.0.0.1:{port}/", 30).body.strip() == name


def test_push_and_pull_through_the_registry(
    docker: Docker, registry: str, busybox_image: str, name: str, cleanup: list[tuple[str, ...]]
) -> None:
    repo = f"{registry}/devenv-harness/{name}"
    cleanup.append(("rmi", "-f", f"{repo}:1"))
    docker("tag", busybox_image, f"{repo}:1")
    docker("push", f"{repo}:1")
    docker("rmi", f"{repo}:1")
    docker("pull", f"{repo}:1")
    digests = json.loads(
        docker("image", "inspect", "--format", "{{json .RepoDigests}}", repo + ":1").stdout
    )
    digest = digests[0].split("@", 1)[1]

    # Leave the registry as it was: delete is enabled in the harness's registry config.
    conn = http.client.HTTPConnection(registry, timeout=10)
    try:
        conn.request("DELETE", f"/v2/devenv-harness/{name}/manifests/{digest}")
        assert conn.getresponse().status == 202
    finally:
        conn.close()


def test_swarm_service_answers_on_a_host_mode_port(
    docker: Docker,
    swarm: Swarm,
    busybox_image: str,
    free_port: Callable[[], int],
    http_get: HttpGet,
    name: str,
    cleanup: list[tuple[str, ...]],
) -> None:
    port = free_port()
    serve = f"mkdir -p /www && echo {name} > /www/index.html && exec httpd -f -p 8080 -h /www"
    cleanup.append(("service", "rm", name))
    # mode=host: this kernel has no IPVS, so the ingress routing mesh cannot publish.
    docker(
        "service", "create", "--detach", "--no-resolve-image", "--name", name,
        "--stop-grace-period", "1s",
        "--publish", f"mode=host,target=8080,published={port}",
        busybox_image,
        "sh", "-c", serve,
    )  # fmt: skip

    assert http_get(f"http://127.0.0.1:{port}/", 90).body.strip() == name


def test_python_image_runs_python3(docker: Docker, python_image: str) -> None:
    out = docker(
        "run", "--rm", python_image, "python3", "-c", "import sys; print(sys.version_info[:2])"
    )
    assert out.stdout.strip() == "(3, 11)"


def test_chrony_answers_ntp_as_a_synchronised_server(chrony_server: tuple[str, int]) -> None:
    host, port = chrony_server
    reply = ntplib.NTPClient().request(host, port=port, version=4, timeout=2)
    assert reply.leap != 3
    assert 0 < reply.stratum < 16
    # Same host, same clock: the offset is only the measurement's noise.
    assert abs(reply.offset) < 1.0


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/",
        "http://10.0.0.1:8080/",
        "https://127.0.0.1:8443/",
        "http://127.0.0.1/",
        "http://127.0.0.1.example.com:80/",
    ],
)
def test_http_get_refuses_anything_but_loopback(http_get: HttpGet, url: str) -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        http_get(url, timeout=0.1)


def test_http_get_reports_the_last_error_when_nothing_answers(
    http_get: HttpGet, free_port: Callable[[], int]
) -> None:
    with pytest.raises(AssertionError, match="ConnectionRefusedError"):
        http_get(f"http://127.0.0.1:{free_port()}/", timeout=0.5)


def test_docker_fails_the_test_with_its_stderr(docker: Docker) -> None:
    with pytest.raises(pytest.fail.Exception, match="No such image"):
        docker("image", "inspect", "devenv-test/no-such-image:0")
