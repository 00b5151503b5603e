"""An imported multi-network Compose project runs under `devenv up` (issue 12): networks
and aliases through the holders, a named volume shared by two services, an external one, a
service that waits for its database to be healthy, and a profile started on request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import HttpGet, compose_containers, run_docker

pytestmark = pytest.mark.slow

COMPOSE = """\
name: {name}
services:
  api:
    build: ./api
    # fetches from the database by its alias at start: only works once db is healthy
    command: ["sh", "-c", "wget -qO /srv/www/from-db.txt http://database:8080/ready.txt \\
      && cp /data/shared.txt /srv/www/shared.txt; exec httpd -f -p 8080 -h /srv/www"]
    ports: ["{port}:8080"]
    depends_on:
      db:
        condition: service_healthy
    networks:
      front:
        aliases: [web-api]
      back: {{}}
    volumes:
      - shared:/data:ro
      - outside:/outside
  db:
    image: devenv-test/busybox:1.35
    command: ["sh", "-c", "sleep 3; mkdir -p /www; echo from-db > /data/shared.txt; \\
      echo ready > /www/ready.txt; exec httpd -f -p 8080 -h /www"]
    healthcheck:
      test: ["CMD", "test", "-f", "/www/ready.txt"]
      interval: 1s
      retries: 30
    networks:
      back:
        aliases: [database]
    volumes: [shared:/data]
  probe:
    image: devenv-test/busybox:1.35
    profiles: [debug]
    command: ["sh", "-c", "wget -qO- http://web-api:8080/from-db.txt; exec sleep 600"]
    networks: [front]
networks:
  front: {{}}
  back: {{}}
volumes:
  shared: {{}}
  outside:
    external: true
    name: {external}
"""
DOCKERFILE = "FROM devenv-test/busybox:1.35\nRUN mkdir -p /srv/www\n"


class Imported:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.name = f"imp-e2e-{uuid.uuid4().hex[:8]}"
        self.external = f"{self.name}-outside"
        self.port = port
        self.env = {**os.environ, "NO_COLOR": "1"}
        (folder / "api").mkdir()
        (folder / "api" / "Dockerfile").write_text(DOCKERFILE)
        text = COMPOSE.format(name=self.name, port=port, external=self.external)
        (folder / "compose.yaml").write_text(text)

    def devenv(self, *args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "devenv", *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    def container(self, service: str) -> str:
        return next(iter(compose_containers(f"{self.name}-dev", service)), "")

    def inspect(self, container: str) -> dict[str, object]:
        data: list[dict[str, object]] = json.loads(run_docker("inspect", container).stdout)
        return data[0]


@pytest.fixture
def imported(
    tmp_path: Path, free_port: Callable[[], int], busybox_image: str
) -> Iterator[Imported]:
    project = Imported(tmp_path, free_port())
    run_docker("volume", "create", project.external)
    try:
        yield project
    finally:
        subprocess.run(
            [sys.executable, "-m", "devenv", "down", "--volumes"],
            cwd=project.folder,
            env=project.env,
            capture_output=True,
            check=False,
            timeout=120,
        )
        run_docker("volume", "rm", "-f", project.external)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text[:26].rstrip("Z") if "." in text else text.rstrip("Z"))


def test_imported_project_runs(imported: Imported, http_get: HttpGet) -> None:
    imported.devenv("import")
    imported.devenv("up", "-d")
    base = f"http://127.0.0.1:{imported.port}"
    # api fetched from db by its alias on the back network, once db was healthy
    assert http_get(f"{base}/from-db.txt", timeout=60).body.strip() == "ready"
    # the named volume is shared: db wrote it, api read it
    assert http_get(f"{base}/shared.txt").body.strip() == "from-db"
    db = imported.inspect(imported.container("db"))
    api = imported.inspect(imported.container("api"))
    health = db["State"]["Health"]["Log"]  # type: ignore[index]
    first_healthy = min(_time(h["End"]) for h in health if h["ExitCode"] == 0)
    assert _time(api["State"]["StartedAt"]) >= first_healthy  # type: ignore[index]
    mounts = {m["Destination"]: m for m in api["Mounts"]}  # type: ignore[union-attr]
    assert mounts["/outside"]["Name"] == imported.external
    assert mounts["/data"]["Name"] == f"{imported.name}-dev_shared"
    # the holder joined both networks, under the service's name and its alias
    holder = imported.inspect(imported.container("devenv-net-api"))
    networks = holder["NetworkSettings"]["Networks"]  # type: ignore[index]
    assert set(networks) == {f"{imported.name}-dev_front", f"{imported.name}-dev_back"}
    assert "web-api" in networks[f"{imported.name}-dev_front"]["Aliases"]
    # a profile's service starts only when asked for
    assert imported.container("probe") == ""
    imported.devenv("up", "-d", "--profile", "debug")
    probe = imported.container("probe")
    assert probe
    logs = ""
    for _ in range(100):
        logs = run_docker("logs", probe).stdout
        if "ready" in logs:
            break
        time.sleep(0.1)
    assert "ready" in logs
    # a restart of the service keeps its network: still served, through the same holder
    run_docker("restart", imported.container("api"))
    assert http_get(f"{base}/from-db.txt", timeout=60).body.strip() == "ready"
    assert imported.container("devenv-net-api") == holder["Id"][:12]  # type: ignore[index]


# dev publishes the database and joins a debug network; prod (an overlay) does neither
OVERRIDE = """\
services:
  api:
    networks: [debug]
  db:
    ports: ["{db_port}:8080"]
networks:
  debug: {{}}
"""
# an overlay (db names no image here), not a stack file
PROD = """\
services:
  api:
    image: 127.0.0.1:5000/{name}/api:1.0
    deploy: {{replicas: 2}}
  db:
    deploy: {{resources: {{limits: {{memory: 64M}}}}}}
"""


def test_dev_only_ports_and_networks_run(
    imported: Imported, http_get: HttpGet, free_port: Callable[[], int]
) -> None:
    db_port = free_port()
    (imported.folder / "compose.override.yaml").write_text(OVERRIDE.format(db_port=db_port))
    (imported.folder / "compose.prod.yaml").write_text(PROD.format(name=imported.name))
    imported.devenv("import", "--prod", "compose.prod.yaml")
    services = yaml.safe_load((imported.folder / "devenv.yaml").read_text())["services"]
    assert services["db"]["dev"]["ports"] == [f"{db_port}:8080"]
    assert "debug" in services["api"]["dev"]["networks"]
    assert "debug" not in services["api"]["prod"]["networks"]
    imported.devenv("up", "-d")
    # an image service publishes its dev-only port itself; a built one's holder joins the
    # dev-only network
    assert http_get(f"http://127.0.0.1:{db_port}/ready.txt", timeout=60).body.strip() == "ready"
    holder = imported.inspect(imported.container("devenv-net-api"))
    networks = holder["NetworkSettings"]["Networks"]  # type: ignore[index]
    assert set(networks) == {f"{imported.name}-dev_{n}" for n in ("front", "back", "debug")}
    assert http_get(f"http://127.0.0.1:{imported.port}/from-db.txt").body.strip() == "ready"
