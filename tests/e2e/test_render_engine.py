"""Rendered stacks are accepted by the real Compose v2 and Swarm loaders, and deploy."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devenv.cli import main
from tests.conftest import EXAMPLES, assert_compose_accepts
from tests.e2e.conftest import DOCKER, HttpGet, Swarm, deploy_stack, run_docker

EXAMPLE_CONFIGS = sorted(EXAMPLES.glob("*/devenv.yaml"))


@pytest.mark.parametrize("config", EXAMPLE_CONFIGS, ids=lambda p: p.parent.name)
def test_examples_pass_compose_and_swarm_loaders(
    config: Path,
    tmp_path: Path,
    swarm: Swarm,
    free_port: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # published ports of our own, so that the deploy never meets another stack's
    for variable in ("HELLO_PORT", "PYWEB_PORT", "WITHDB_PORT"):
        monkeypatch.setenv(variable, str(free_port()))
    assert_compose_accepts(config, tmp_path, "dev")
    prod = assert_compose_accepts(config, tmp_path, "prod")
    # The Swarm loader is asked by a deploy, removed at once: CLI 20.10 has no `stack config`.
    # The images are not built: the services are created (the loader and the engine accept
    # the stack) and their tasks never start.
    project = f"loader{int(time.time() * 1000) % 10**8}"
    try:
        deploy_stack(prod, project)
        services = run_docker(
            "service", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={project}"
        )
        assert services.stdout.split(), "the stack deployed no service"
    finally:
        subprocess.run([DOCKER, "stack", "rm", project], capture_output=True, check=False)
        _wait_gone(project)


def test_a_prod_stack_with_compose_deploy_keys_passes_the_swarm_loader(
    write_config: Callable[..., Path], swarm: Swarm
) -> None:
    """The voting-style stack of tests/test_renderkeys.py (global mode, placement, rollback
    and restart policies, labels, networks with aliases, a named volume) as Swarm reads it."""
    from devenv.composefile import dump
    from devenv.config import load_config
    from devenv.render import render_prod
    from tests.test_renderkeys import CONFIG, voting_files

    root = write_config(CONFIG, **voting_files())
    cfg = load_config(root, env={})
    out = root.parent / "prod.yml"
    out.write_text(dump(render_prod(cfg, cfg.root, "v1")))
    project = f"keys{int(time.time() * 1000) % 10**8}"
    try:
        deploy_stack(out, project)
        services = run_docker(
            "service",
            "ls",
            "--format",
            "{{.Name}}",
            "--filter",
            f"label=com.docker.stack.namespace={project}",
        )
        assert sorted(services.stdout.split()) == [
            f"{project}_{s}" for s in ("db", "redis", "vote")
        ]
    finally:
        subprocess.run([DOCKER, "stack", "rm", project], capture_output=True, check=False)
        _wait_gone(project)


DOCKERFILE = """\
FROM devenv-test/busybox:1.35 AS base
WORKDIR /srv/www
FROM base AS prod
COPY index.html /srv/www/
# the page shows what the service sees: its config, whether the secret is readable
CMD ["sh", "-c", "cat /etc/app/app.conf > /srv/www/conf.txt; \\
wc -c < /run/secrets/api_key > /srv/www/secret-bytes.txt; exec httpd -f -p 8080 -h /srv/www"]
"""
CONFIG = """\
project: {project}
registry: 127.0.0.1:5000
services:
  web:
    build: {{context: ., target: prod}}
    ports: ["{port}:8080"]
    data: [/var/lib/web]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      retries: 5
    prod:
      publish_mode: host
      configs: [{{source: app.conf, target: /etc/app/app.conf}}]
      secrets: [{{name: api_key, file: api_key.txt}}]
      resources: {{memory: 64M}}
"""
SECRET = "s3cret-value-never-rendered"


@pytest.fixture
def deployed(
    tmp_path: Path, swarm: Swarm, registry: str, busybox_image: str, free_port: Callable[[], int]
) -> Iterator[tuple[str, int, str]]:
    project = f"rendere2e{int(time.time() * 1000) % 10**8}"
    port = free_port()
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "index.html").write_text("<h1>deployed</h1>\n")
    (tmp_path / "app.conf").write_text("greeting = hello\n")
    (tmp_path / "api_key.txt").write_text(SECRET)
    (tmp_path / "devenv.yaml").write_text(CONFIG.format(project=project, port=port))
    image = f"127.0.0.1:5000/{project}/web:t1"
    run_docker("build", "-q", "--target", "prod", "-t", image, str(tmp_path))
    run_docker("push", "-q", image)
    stack = tmp_path / "prod.yml"
    assert (
        main(
            ["render", "prod", "-c", str(tmp_path / "devenv.yaml"), "--tag", "t1", "-o", str(stack)]
        )
        == 0
    )
    deploy_stack(stack, project)
    try:
        yield project, port, stack.read_text()
    finally:
        subprocess.run([DOCKER, "stack", "rm", project], capture_output=True, check=False)
        _wait_gone(project)


def _wait_gone(project: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ps = subprocess.run(
            [DOCKER, "ps", "-aq", "--filter", f"label=com.docker.stack.namespace={project}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if not ps.stdout.strip():
            break
        time.sleep(0.5)
    for kind in ("volume", "config", "secret"):
        ids = subprocess.run(
            [DOCKER, kind, "ls", "-q", "--filter", f"label=com.docker.stack.namespace={project}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if ids:
            subprocess.run([DOCKER, kind, "rm", *ids], capture_output=True, check=False)


def test_prod_stack_deploys_with_volumes_configs_secrets(
    deployed: tuple[str, int, str], http_get: HttpGet
) -> None:
    project, port, rendered = deployed
    assert SECRET not in rendered
    assert http_get(f"http://127.0.0.1:{port}/", 60, expect="deployed")
    assert http_get(f"http://127.0.0.1:{port}/conf.txt", 10).body == "greeting = hello\n"
    assert http_get(f"http://127.0.0.1:{port}/secret-bytes.txt", 10).body.strip() == str(
        len(SECRET)
    )

    spec = json.loads(run_docker("service", "inspect", f"{project}_web").stdout)[0]["Spec"]
    task = spec["TaskTemplate"]["ContainerSpec"]
    assert [m["Type"] for m in task["Mounts"]] == ["volume"]  # no bind mount at all
    assert task["Mounts"][0]["Source"] == f"{project}_web-var-lib-web"
    assert task["Configs"][0]["File"]["Name"] == "/etc/app/app.conf"
    assert task["Configs"][0]["ConfigName"].startswith(f"{project}_app.conf-")
    assert task["Secrets"][0]["File"]["Name"] == "/run/secrets/api_key"
    assert task["Secrets"][0]["SecretName"].startswith(f"{project}_api_key-")
    assert spec["TaskTemplate"]["Resources"]["Limits"]["MemoryBytes"] == 64 * 1024 * 1024
    assert spec["UpdateConfig"]["FailureAction"] == "rollback"
    assert spec["EndpointSpec"]["Ports"][0]["PublishMode"] == "host"

    volumes = run_docker("volume", "ls", "-q", "--filter", f"name={project}_web-var-lib-web").stdout
    assert volumes.split() == [f"{project}_web-var-lib-web"]
