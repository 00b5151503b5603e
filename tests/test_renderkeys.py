"""The Compose keys of issue 12, rendered into both stacks and read by the real loaders."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devenv.composefile import dump
from devenv.config import load_config
from devenv.errors import DevenvError
from devenv.render import render_dev, render_prod
from tests.conftest import tool

CONFIG = """
project: voting
networks:
  front: {}
  back: {internal: true, labels: {tier: back}}
volumes:
  db-data: {}
  shared: {name: voting-shared, labels: [kind=cache]}
services:
  vote:
    build: {context: vote}
    entrypoint: [python, app.py]
    env_file: [vote.env]
    networks: {front: {aliases: [ballot]}, back: null}
    volumes: ["shared:/cache:ro"]
    depends_on: {redis: {condition: service_healthy}}
    ports: ["5000:80"]
    hostname: vote-host
    expose: [8000]
    labels: {team: a}
    sysctls: {net.core.somaxconn: 1024}
    cap_drop: [ALL]
    stop_signal: SIGINT
    dev:
      profiles: [web]
      compose: {pull_policy: build}
    prod:
      image: example.org/voting/vote:latest
      mode: global
      placement: {constraints: ["node.role == worker"], max_replicas_per_node: 1}
      labels: {traefik.enable: true}
      rollback: {parallelism: 2, monitor: 5s}
      restart: {condition: on-failure, max_attempts: 3}
      compose: {stop_grace_period: 20s}
  redis:
    image: redis:7.2
    networks: [back]
    volumes: ["shared:/data"]
    healthcheck: {test: [CMD, redis-cli, ping], interval: 2s}
    read_only: true
    tmpfs: [/run]
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    logging: {driver: json-file, options: {max-size: 1m}}
    init: false
    dev: {restart: unless-stopped, container_name: voting-redis}
  db:
    image: postgres:16.4
    data: [{path: /var/lib/postgresql/data, volume: db-data}]
    networks: [back]
    stop_grace_period: 30s
x-compose:
  x-owner: team-a
"""


def voting_files() -> dict[str, str]:
    """The files beside CONFIG, as `write_config` takes them."""
    return {"vote__Dockerfile": "FROM scratch\n", "vote.env": "MODE=file\n"}


@pytest.fixture
def voting(write_config: Callable[..., Path]) -> Path:
    return write_config(CONFIG, **voting_files())


def _read(file: Path, *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [tool("docker"), "compose", "-f", str(file), *args, "config", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def test_dev_networks_volumes_and_conditions(voting: Path) -> None:
    cfg = load_config(voting, env={})
    stack = render_dev(cfg, cfg.root)
    vote, holder = stack["services"]["vote"], stack["services"]["devenv-net-vote"]
    # the holder owns the network: the service's networks, aliases and name keys are its
    assert holder["networks"] == {
        "front": {"aliases": ["vote", "ballot"]},
        "back": {"aliases": ["vote"]},
    }
    assert holder["hostname"] == "vote-host"
    assert holder["expose"] == [8000]
    assert holder["sysctls"] == {"net.core.somaxconn": 1024}
    assert holder["profiles"] == ["web"]
    assert "hostname" not in vote
    assert "networks" not in vote
    assert "sysctls" not in vote
    assert vote["depends_on"] == {
        "devenv-net-vote": {"condition": "service_started"},
        "redis": {"condition": "service_healthy"},
    }
    assert vote["entrypoint"] == ["python", "app.py"]
    assert vote["env_file"] == ["./vote.env"]
    assert vote["labels"] == {"team": "a", "io.devenv.service": "vote"}
    assert vote["pull_policy"] == "build"
    assert vote["volumes"] == [
        {"type": "volume", "source": "shared", "target": "/cache", "read_only": True}
    ]
    redis = stack["services"]["redis"]
    assert redis["networks"] == {"back": None}
    assert redis["init"] is False
    assert redis["restart"] == "unless-stopped"
    db = stack["services"]["db"]
    assert db["volumes"] == [
        {"type": "volume", "source": "db-data", "target": "/var/lib/postgresql/data"}
    ]
    assert db["stop_grace_period"] == "30s"
    assert stack["volumes"] == {
        "db-data": {},
        "shared": {"name": "voting-shared", "labels": ["kind=cache"]},
    }
    assert stack["networks"]["back"] == {"internal": True, "labels": {"tier": "back"}}
    assert stack["x-owner"] == "team-a"
    out = voting.parent / "dev.yml"
    out.write_text(dump(stack))
    read = _read(out, "--profile", "web")
    assert read["services"]["redis"]["ulimits"] == {"nofile": {"soft": 1024, "hard": 2048}}
    assert read["volumes"]["shared"]["name"] == "voting-shared"


def test_prod_deploy_keys_env_file_inlined(voting: Path) -> None:
    cfg = load_config(voting, env={})
    stack = render_prod(cfg, cfg.root, "v1")
    vote = stack["services"]["vote"]
    assert vote["image"] == "example.org/voting/vote:v1"
    assert vote["environment"] == {"MODE": "file"}
    assert "env_file" not in vote
    assert vote["networks"] == {"front": {"aliases": ["ballot"]}, "back": None}
    assert vote["depends_on"] == ["redis"]
    assert vote["stop_grace_period"] == "20s"
    deploy = vote["deploy"]
    assert deploy["mode"] == "global"
    assert "replicas" not in deploy
    assert deploy["placement"] == {
        "constraints": ["node.role == worker"],
        "max_replicas_per_node": 1,
    }
    assert deploy["labels"] == {"traefik.enable": "true"}
    assert deploy["rollback_config"] == {"parallelism": 2, "monitor": "5s", "order": "start-first"}
    assert deploy["restart_policy"] == {"condition": "on-failure", "delay": "5s", "max_attempts": 3}
    for key in ("profiles", "container_name", "restart", "platform"):
        assert all(key not in s for s in stack["services"].values())
    out = voting.parent / "prod.yml"
    out.write_text(dump(stack))
    _read(out)
    # The Swarm loader's verdict on this stack: tests/e2e/test_render_engine.py deploys it
    # (Debian 12's CLI 20.10 has no `docker stack config`).


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ("    networks: [frnt]\n", "networks[0]: no network 'frnt'; did you mean 'front'?"),
        ("    volumes: ['dbdata:/x']\n", "services.web.volumes[0]: no volume 'dbdata'"),
        ("    volumes: ['./src:/x']\n", "services.web.volumes[0]: expected"),
        ("    depends_on: {rdis: {condition: service_healthy}}\n", "no service 'rdis'"),
        ("    depends_on: {db: {condition: healthy}}\n", "expected 'service_started'"),
        ("    entrypont: [sh]\n", "unknown key 'entrypont'; did you mean 'entrypoint'?"),
        ("    prod: {mode: replicas}\n", "did you mean 'replicated'?"),
    ],
)
def test_bad_keys_are_positioned(
    write_config: Callable[..., Path], service: str, message: str
) -> None:
    text = (
        "project: p\nnetworks: {front: {}}\nvolumes: {db-data: {}}\nservices:\n"
        "  db: {image: postgres:16.4}\n  web:\n    image: nginx:1.27\n" + service
    )
    with pytest.raises(DevenvError) as err:
        load_config(write_config(text), env={})
    assert message in err.value.message
    assert "devenv.yaml:8:" in err.value.message


def test_prod_env_file_missing_is_positioned(write_config: Callable[..., Path]) -> None:
    text = "project: p\nservices:\n  web:\n    image: nginx:1.27\n    env_file: [gone.env]\n"
    cfg = load_config(write_config(text), env={})
    with pytest.raises(DevenvError, match=r"devenv.yaml:5:\d+: services.web.env_file\[0\]"):
        render_prod(cfg, cfg.root, "v1")
