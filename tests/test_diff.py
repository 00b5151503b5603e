from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devenv.config import load_config
from devenv.diff import Change, diff, format_changes, service_facts
from devenv.render import render_dev, render_prod

CONFIG = """\
project: shop
registry: 127.0.0.1:5000
services:
  api:
    build: {context: ., target: prod}
    ports: ["8000:8000"]
    environment: {LOG: info}
    data: [/var/lib/api]
    dev:
      target: dev
      mounts: ["./src:/app/src"]
      environment: {LOG: debug}
    prod:
      replicas: 2
      publish_mode: host
      resources: {memory: 64M}
      configs: [{source: app.conf, target: /etc/app.conf}]
      secrets: [{name: db_password, file: db.txt}]
"""


def test_dev_against_prod_reads_as_what_changes(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config(CONFIG, **{"app.conf": "x=1\n", "db.txt": "hunter2"}))
    changes = diff(render_dev(cfg, cfg.root, holders=False), render_prod(cfg, cfg.root, "v1"))
    by_aspect = {(c.aspect, c.left, c.right) for c in changes}
    assert ("image", "build . (target dev)", "127.0.0.1:5000/shop/api:v1") in by_aspect
    assert ("replicas", "1", "2") in by_aspect
    assert ("mounts", "bind ./src -> /app/src", "") in by_aspect
    assert ("environment", "LOG=debug", "LOG=info") in by_aspect
    assert ("limits", "none", "memory 64MiB") in by_aspect
    assert any(c.aspect == "configs" and c.right.endswith("-> /etc/app.conf") for c in changes)
    # The data volume is the same in both stacks; the secret is mounted at the same place,
    # from a file in dev and from a content-named Swarm secret in prod.
    assert not any(c.aspect == "mounts" and "volume" in c.left + c.right for c in changes)
    secrets = sorted(c.left or c.right for c in changes if c.aspect == "secrets")
    assert secrets[0] == "db_password -> /run/secrets/db_password"
    assert secrets[1].startswith("db_password-")
    assert secrets[1].endswith("/run/secrets/db_password")
    text = format_changes(changes, "dev", "prod")
    assert "hunter2" not in text
    assert text.startswith("--- dev\n+++ prod\napi:\n")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ({"ports": ["8080:80"]}, {"ports": [{"target": 80, "published": 8080}]}),
        ({"ports": ["80"]}, {"ports": [{"target": 80, "protocol": "tcp", "mode": "ingress"}]}),
        ({"image": "r/a:1"}, {"image": "r/a:1@sha256:" + "b" * 64}),
        ({"environment": ["A=1"]}, {"environment": {"A": 1}}),
        (
            {"volumes": ["data:/d"]},
            {"volumes": [{"type": "volume", "source": "data", "target": "/d"}]},
        ),
        (
            {"deploy": {"resources": {"limits": {"memory": "32M", "cpus": "0.5"}}}},
            {"deploy": {"resources": {"limits": {"memory": 33554432, "cpus": 0.5}}}},
        ),
        ({"secrets": ["tok"]}, {"secrets": [{"source": "tok", "target": "/run/secrets/tok"}]}),
        ({"healthcheck": {"test": "true"}}, {"healthcheck": {"test": "true"}}),
        ({}, {"deploy": {"replicas": 1}}),
    ],
)
def test_spellings_of_the_same_thing_are_equal(left: dict[str, Any], right: dict[str, Any]) -> None:
    a = {"services": {"s": {"image": "r/a:1", **left}}}
    b = {"services": {"s": {"image": "r/a:1", **right}}}
    assert diff(a, b) == []
    assert service_facts(a["services"]["s"]) is not None


def test_different_digests_differ() -> None:
    a = {"services": {"s": {"image": "r/a:1@sha256:" + "a" * 64}}}
    b = {"services": {"s": {"image": "r/a:1@sha256:" + "b" * 64}}}
    assert [c.aspect for c in diff(a, b)] == ["image"]


def test_services_only_on_one_side() -> None:
    a = {"services": {"web": {"image": "x:1"}, "db": {"image": "pg:16"}}}
    b = {"services": {"web": {"image": "x:1"}, "cache": {"image": "redis:7"}}}
    assert diff(a, b) == [
        Change("db", "service", "present", "absent"),
        Change("cache", "service", "absent", "present"),
    ]
    text = format_changes(diff(a, b), "running", "config")
    assert "db:\n  only in running\ncache:\n  only in config\n" in text


def test_secret_looking_environment_is_masked() -> None:
    a = {"services": {"s": {"image": "x:1", "environment": {"API_TOKEN": "t0p", "MODE": "a"}}}}
    b = {"services": {"s": {"image": "x:1", "environment": {"MODE": "b"}}}}
    text = format_changes(diff(a, b), "a", "b")
    assert "t0p" not in text
    assert "environment: - API_TOKEN=***" in text
    assert "environment: MODE=a  ->  MODE=b" in text


def test_no_difference_says_so() -> None:
    stack = {"services": {"s": {"image": "x:1"}}}
    assert format_changes(diff(stack, stack), "a", "b") == "no difference between a and b\n"
