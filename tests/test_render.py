from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from devenv.composefile import dump, escape
from devenv.config import load_config
from devenv.errors import DevenvError
from devenv.render import relative, render_dev, render_prod, volume_name
from tests.conftest import EXAMPLES, REPO

GOLDEN = REPO / "tests" / "data" / "golden"
EXAMPLE_CONFIGS = sorted(EXAMPLES.glob("*/devenv.yaml"))
UPDATE = os.environ.get("DEVENV_UPDATE_GOLDEN") == "1"


def _rendered(config: Path, stack: str) -> str:
    cfg = load_config(config, env={})
    if stack == "dev":
        return dump(render_dev(cfg, cfg.root))
    return dump(render_prod(cfg, cfg.root, "golden", secret_key=b"golden-test-key"))


@pytest.mark.parametrize("stack", ["dev", "prod"])
@pytest.mark.parametrize("config", EXAMPLE_CONFIGS, ids=lambda p: p.parent.name)
def test_golden(config: Path, stack: str) -> None:
    golden = GOLDEN / f"{config.parent.name}.{stack}.yml"
    text = _rendered(config, stack)
    if UPDATE:
        golden.write_text(text)
    assert golden.exists(), f"no golden file: run DEVENV_UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == golden.read_text(), "rendered stack changed: review, then DEVENV_UPDATE_GOLDEN=1"


CONFIG = """
project: shop
registry: 127.0.0.1:5000/
services:
  api:
    build: {context: api, dockerfile: api.Dockerfile, target: prod}
    command: [serve, --port, "8000"]
    ports: ["8000:8000", 9000, "0.0.0.0:7000:7000", "6000-6001:6000-6001/udp"]
    environment: {MODE: common, PRICE: "$$5"}
    data: [/var/lib/api]
    healthcheck: {test: "wget -qO- localhost:8000", interval: 2s}
    depends_on: [db]
    dev:
      target: dev
      mounts: ["./api/src:/app/src", "./api/conf:/etc/api:ro"]
      environment: {MODE: dev, DEBUG: true}
      command: [serve, --reload]
      secrets: [{name: dev_only, file: dev/token}]
    prod:
      replicas: 3
      configs: [{source: api/conf/api.toml, target: /etc/api/api.toml}]
      secrets:
        - {name: db_password, file: secrets/db_password}
        - {name: stripe, external: true, target: /etc/stripe/key}
      resources: {cpus: 0.5, memory: 256M}
      environment: {MODE: prod}
  db:
    image: postgres:16.4
    data: [/var/lib/postgresql/data]
    prod: {publish_mode: host, endpoint_mode: dnsrr}
    ports: ["5432:5432"]
"""
FILES = {
    "api__conf__api.toml": "port = 8000\n",
    "secrets__db_password": "hunter2-very-secret\n",
    "dev__token": "dev-token-value\n",
}


@pytest.fixture
def shop(write_config: Callable[..., Path]) -> Path:
    return write_config(CONFIG, **FILES)


def test_dev(shop: Path) -> None:
    cfg = load_config(shop, env={})
    stack = render_dev(cfg, cfg.root)
    api = stack["services"]["api"]
    assert stack["name"] == "shop-dev"
    assert api["build"] == {"context": "./api", "dockerfile": "api.Dockerfile", "target": "dev"}
    assert api["command"] == ["serve", "--reload"]
    assert api["environment"] == {"MODE": "dev", "PRICE": "$5", "DEBUG": "true"}
    # a built service runs in its holder's network namespace; the holder owns the ports
    holder = stack["services"]["devenv-net-api"]
    assert api["network_mode"] == "service:devenv-net-api"
    assert "ports" not in api
    assert holder["image"] == "devenv/pause:1"
    assert holder["pull_policy"] == "never"
    assert holder["networks"] == {"default": {"aliases": ["api"]}}
    assert holder["ports"] == [
        "127.0.0.1:8000:8000",
        "127.0.0.1::9000",
        "0.0.0.0:7000:7000",
        "127.0.0.1:6000-6001:6000-6001/udp",
    ]
    # an image service keeps its own network and ports
    assert stack["services"]["db"]["ports"] == ["127.0.0.1:5432:5432"]
    assert "devenv-net-db" not in stack["services"]
    assert api["volumes"] == [
        {"type": "bind", "source": "./api/src", "target": "/app/src"},
        {"type": "bind", "source": "./api/conf", "target": "/etc/api", "read_only": True},
        {"type": "volume", "source": "api-var-lib-api", "target": "/var/lib/api"},
    ]
    # file secrets are mounted where prod mounts them; external prod secrets need a dev file
    assert api["secrets"] == [
        {"source": "db_password", "target": "/run/secrets/db_password"},
        {"source": "dev_only", "target": "/run/secrets/dev_only"},
    ]
    assert stack["secrets"] == {
        "db_password": {"file": "./secrets/db_password"},
        "dev_only": {"file": "./dev/token"},
    }
    assert api["init"] is True
    assert api["stop_grace_period"] == "1s"
    assert api["depends_on"] == ["devenv-net-api", "db"]
    assert stack["volumes"] == {"api-var-lib-api": {}, "db-var-lib-postgresql-data": {}}


def test_prod(shop: Path) -> None:
    cfg = load_config(shop, env={})
    stack = render_prod(cfg, cfg.root, "abc123")
    api, db = stack["services"]["api"], stack["services"]["db"]
    assert "name" not in stack
    assert api["image"] == "127.0.0.1:5000/shop/api:abc123"
    assert "build" not in api
    assert api["command"] == ["serve", "--port", "8000"]
    assert api["environment"] == {"MODE": "prod", "PRICE": "$5"}
    assert api["ports"][:2] == [
        {"target": 8000, "protocol": "tcp", "mode": "ingress", "published": 8000},
        {"target": 9000, "protocol": "tcp", "mode": "ingress"},
    ]
    assert [p["target"] for p in api["ports"][3:]] == [6000, 6001]
    assert api["volumes"] == [
        {"type": "volume", "source": "api-var-lib-api", "target": "/var/lib/api"}
    ]
    assert all(
        v["type"] == "volume" for s in stack["services"].values() for v in s.get("volumes", [])
    )
    config_key = api["configs"][0]["source"]
    assert config_key.startswith("api.toml-")
    assert len(config_key) == len("api.toml-") + 10
    assert stack["configs"][config_key] == {"file": "./api/conf/api.toml"}
    secret_key = api["secrets"][0]["source"]
    assert secret_key.startswith("db_password-")
    assert api["secrets"][1] == {"source": "stripe", "target": "/etc/stripe/key"}
    assert stack["secrets"]["stripe"] == {"external": True, "name": "stripe"}
    deploy = api["deploy"]
    assert deploy["replicas"] == 3
    assert deploy["resources"] == {"limits": {"cpus": "0.5", "memory": "256M"}}
    assert deploy["update_config"]["order"] == "start-first"
    assert deploy["update_config"]["failure_action"] == "rollback"
    assert deploy["restart_policy"]["condition"] == "any"
    # a host-mode port cannot be bound twice: the rollout must stop the old task first
    assert db["ports"] == [{"target": 5432, "protocol": "tcp", "mode": "host", "published": 5432}]
    assert db["deploy"]["update_config"]["order"] == "stop-first"
    assert db["image"] == "postgres:16.4"
    # without IPVS a virtual IP does not route: DNS round-robin finds the tasks directly
    assert db["deploy"]["endpoint_mode"] == "dnsrr"
    assert "endpoint_mode" not in api["deploy"]


def test_dev_without_holders(shop: Path) -> None:
    cfg = load_config(shop, env={})
    api = render_dev(cfg, cfg.root, holders=False)["services"]["api"]
    assert api["ports"][0] == "127.0.0.1:8000:8000"
    assert "network_mode" not in api
    assert api["depends_on"] == ["db"]


def test_holder_name_taken(write_config: Callable[..., Path]) -> None:
    path = write_config(
        "project: a\nservices:\n  web: {build: {}}\n  devenv-net-web: {image: x:1}\n"
    )
    cfg = load_config(path, env={})
    with pytest.raises(DevenvError, match=r":4:3: services.devenv-net-web: the name"):
        render_dev(cfg, cfg.root)


def test_prod_digests(shop: Path) -> None:
    cfg = load_config(shop, env={})
    digest = "sha256:" + "a" * 64
    stack = render_prod(cfg, cfg.root, "t1", digests={"api": digest, "db": digest})
    assert stack["services"]["api"]["image"] == f"127.0.0.1:5000/shop/api:t1@{digest}"
    assert stack["services"]["db"]["image"] == f"postgres:16.4@{digest}"


def test_secret_value_never_rendered(shop: Path) -> None:
    cfg = load_config(shop, env={})
    for text in (dump(render_dev(cfg, cfg.root)), dump(render_prod(cfg, cfg.root, "t"))):
        assert "hunter2" not in text
        assert "dev-token-value" not in text


def test_config_name_follows_content(shop: Path) -> None:
    cfg = load_config(shop, env={})
    before = render_prod(cfg, cfg.root, "t")["services"]["api"]["configs"][0]["source"]
    (cfg.root / "api/conf/api.toml").write_text("port = 9000\n")
    after = render_prod(cfg, cfg.root, "t")["services"]["api"]["configs"][0]["source"]
    assert before != after


def test_missing_secret_file_is_positioned(shop: Path) -> None:
    cfg = load_config(shop, env={})
    (cfg.root / "secrets/db_password").unlink()
    with pytest.raises(DevenvError) as info:
        render_prod(cfg, cfg.root, "t")
    assert info.value.message.endswith(
        "services.api.prod.secrets[0].file: cannot read 'secrets/db_password': "
        "No such file or directory"
    )
    assert ":23:37: " in info.value.message


def test_paths_relative_to_output(shop: Path) -> None:
    cfg = load_config(shop, env={})
    out_dir = cfg.root / ".devenv"
    stack = render_dev(cfg, out_dir)
    assert stack["services"]["api"]["build"]["context"] == "../api"
    assert relative(cfg, "/abs/path", out_dir) == "/abs/path"
    assert relative(cfg, ".", cfg.root) == "."


def test_dollar_escaped_for_compose(shop: Path) -> None:
    cfg = load_config(shop, env={})
    loaded: dict[str, Any] = yaml.safe_load(dump(render_dev(cfg, cfg.root)))
    assert loaded["services"]["api"]["environment"]["PRICE"] == "$$5"


@pytest.mark.parametrize(
    ("service", "path", "expected"),
    [
        ("db", "/var/lib/postgresql/data", "db-var-lib-postgresql-data"),
        ("web", "/data", "web-data"),
        ("web", "/", "web-root"),
        ("web", "/srv/my files", "web-srv-my-files"),
    ],
)
def test_volume_name(service: str, path: str, expected: str) -> None:
    assert volume_name(service, path) == expected


_keys = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=8)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20),
    st.sampled_from(
        ["yes", "No", "~", "1e3", "0o17", "2s", ".inf", "- x", "a: b", "#x", "@x", "*a"]
    ),
)
_stacks = st.recursive(
    _scalars,
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(_keys, kids, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(_keys, _stacks, max_size=5))
def test_dump_round_trips(data: dict[str, Any]) -> None:
    assert yaml.safe_load(dump(data)) == escape(data) or data == {}
