"""`dev.ports`, `prod.ports`, `dev.networks`, `prod.networks`: a stack's own ports and
networks instead of the service's (issue 12: an override or a stack file that publishes or
joins other ones per environment)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.config import load_config
from devenv.errors import DevenvError
from devenv.lint.subjects import config_path
from devenv.render import render_dev, render_prod

CONFIG = """\
project: sides
networks:
  front: {}
  back: {}
  debug: {}
  admin: {attachable: true}
services:
  api:
    build: {context: api}
    ports: ["8000:8000"]
    networks: [front, back]
    dev:
      ports: ["127.0.0.1:8000:8000", "5678:5678"]
      networks: [front, back, debug]
    prod:
      networks: {back: {aliases: [api.internal]}}
  db:
    image: postgres:16.4
    networks: [back]
    dev:
      ports: ["5432:5432"]
    prod:
      networks: [back, admin]
  cache:
    image: redis:7.2
    ports: ["6379:6379"]
    prod:
      ports: []
"""


@pytest.fixture
def cfg_path(write_config: Callable[..., Path]) -> Path:
    return write_config(CONFIG, api__Dockerfile="FROM scratch\n")


def test_dev_has_its_own_ports_and_networks(cfg_path: Path) -> None:
    cfg = load_config(cfg_path, env={})
    services = render_dev(cfg, cfg.root)["services"]
    holder = services["devenv-net-api"]  # a built service's holder owns both
    assert holder["ports"] == ["127.0.0.1:8000:8000", "127.0.0.1:5678:5678"]
    assert list(holder["networks"]) == ["front", "back", "debug"]
    assert services["db"]["ports"] == ["127.0.0.1:5432:5432"]
    assert services["db"]["networks"] == {"back": None}  # not prod's admin
    assert services["cache"]["ports"] == ["127.0.0.1:6379:6379"]  # inherited
    assert set(render_dev(cfg, cfg.root)["networks"]) == {"front", "back", "debug"}


def test_prod_has_its_own_ports_and_networks(cfg_path: Path) -> None:
    cfg = load_config(cfg_path, env={})
    stack = render_prod(cfg, cfg.root, "v1")
    api, db, cache = (stack["services"][n] for n in ("api", "db", "cache"))
    assert [p["published"] for p in api["ports"]] == [8000]  # the service's
    assert api["networks"] == {"back": {"aliases": ["api.internal"]}}
    assert "ports" not in db
    assert db["networks"] == {"back": None, "admin": None}
    assert "ports" not in cache  # `prod.ports: []`: none in production
    assert set(stack["networks"]) == {"back", "admin"}  # only what prod's services join


@pytest.mark.parametrize(
    ("side", "message"),
    [
        ("dev: {ports: ['80:80:80']}", r"devenv.yaml:5:\d+: services.web.dev.ports\[0\]: expected"),
        ("prod: {networks: [frnt]}", r"services.web.prod.networks\[0\]: no network 'frnt'"),
        ("dev: {networks: {bak: {}}}", r"services.web.dev.networks.bak: no network 'bak'"),
        ("prod: {ports: 80}", r"services.web.prod.ports: expected"),
    ],
)
def test_bad_side_values_are_positioned(
    write_config: Callable[..., Path], side: str, message: str
) -> None:
    text = (
        "project: p\nnetworks: {front: {}, back: {}}\nservices:\n  web:\n"
        f"    {side}\n    image: nginx:1.27\n"
    )
    with pytest.raises(DevenvError, match=message):
        load_config(write_config(text), env={})


def test_findings_point_at_the_side_that_said_it(cfg_path: Path) -> None:
    cfg = load_config(cfg_path, env={})
    at = ("services", "devenv-net-api", "ports", 1)
    assert config_path(cfg, "dev", at) == ("services", "api", "dev", "ports", 1)
    assert config_path(cfg, "prod", ("services", "api", "ports", 0)) == (
        "services",
        "api",
        "ports",
        0,
    )
    assert config_path(cfg, "prod", ("services", "db", "networks", "admin")) == (
        "services",
        "db",
        "prod",
        "networks",
        "admin",
    )
    assert config_path(cfg, "dev", ("services", "db", "networks", "back")) == (
        "services",
        "db",
        "networks",
        "back",
    )
