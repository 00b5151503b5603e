"""Strings in typed fields, cast as Compose casts them after interpolation (issue 12:
`replicas: ${N:-2}` in an imported file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devenv.config import load_config
from devenv.config.schema import Prod, Service
from devenv.config.typecast import cast
from devenv.errors import DevenvError
from devenv.render import render_prod

CONFIG = """\
project: p
services:
  web:
    image: nginx:1.27
{body}
"""


def _load(write_config: Callable[..., Path], body: str, env: dict[str, str]) -> Any:
    return load_config(write_config(CONFIG.format(body=body)), env=env).services["web"]


@pytest.mark.parametrize(
    ("body", "env", "get", "expected"),
    [
        ("    prod: {replicas: '${N:-2}'}", {}, lambda s: s.prod.replicas, 2),
        ("    prod: {replicas: '${N:-2}'}", {"N": "5"}, lambda s: s.prod.replicas, 5),
        ("    prod: {replicas: '3'}", {}, lambda s: s.prod.replicas, 3),  # quoted: cast too
        ("    read_only: '${RO:-yes}'", {}, lambda s: s.read_only, True),
        ("    init: 'off'", {}, lambda s: s.init, False),
        ("    healthcheck: {test: [CMD, 'true'], retries: '${R}'}", {"R": "4"}, None, 4),
        ("    prod: {update: {max_failure_ratio: '${F:-0.2}'}}", {}, None, 0.2),
        ("    ulimits: {nofile: {soft: '${S:-1024}', hard: 2048}}", {}, None, 1024),
        # must not cast: the field takes text, or it is not devenv's to type
        ("    prod: {resources: {cpus: '${C:-0.5}'}}", {}, lambda s: s.prod.resources.cpus, "0.5"),
        ("    environment: {PORT: '${P:-80}'}", {}, lambda s: s.environment, {"PORT": "80"}),
        ("    ports: ['${P:-80}:80']", {}, lambda s: s.ports, ["80:80"]),
        ("    compose: {privileged: 'true'}", {}, lambda s: s.compose, {"privileged": "true"}),
        ("    prod: {publish_mode: '${M:-host}'}", {}, lambda s: s.prod.publish_mode, "host"),
        ("    user: '1000'", {}, lambda s: s.user, "1000"),
    ],
)
def test_cast_like_compose(
    write_config: Callable[..., Path], body: str, env: dict[str, str], get: Any, expected: Any
) -> None:
    svc = _load(write_config, body, env)
    if get is None:
        value = svc.healthcheck.retries if "retries" in body else None
        value = svc.prod.update.max_failure_ratio if "ratio" in body else value
        value = svc.ulimits["nofile"].soft if "nofile" in body else value
    else:
        value = get(svc)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("body", "env", "message"),
    [
        (
            "    prod: {replicas: '${N}'}",
            {},
            r"devenv.yaml:5:\d+: services.web.prod.replicas: expected a whole number, got a "
            r"string from \$N \(value not shown\)",
        ),
        ("    prod: {replicas: '${N}'}", {"N": "two"}, r"from \$N \(value not shown\)"),
        ("    read_only: maybe", {}, r"services.web.read_only: expected"),
        ("    prod: {replicas: '2.5'}", {}, r"services.web.prod.replicas: expected a whole number"),
    ],
)
def test_what_does_not_read_as_the_type_is_still_an_error(
    write_config: Callable[..., Path], body: str, env: dict[str, str], message: str
) -> None:
    with pytest.raises(DevenvError, match=message):
        _load(write_config, body, env)


def test_the_prod_stack_has_the_numbers(write_config: Callable[..., Path]) -> None:
    body = "    prod: {replicas: '${N:-2}', resources: {pids: '${P:-50}'}}"
    cfg = load_config(write_config(CONFIG.format(body=body)), env={"N": "4"})
    deploy = render_prod(cfg, cfg.root, "v1")["services"]["web"]["deploy"]
    assert deploy["replicas"] == 4
    assert deploy["resources"]["limits"]["pids"] == 50


def test_cast_walks_types_not_names() -> None:
    # `replicas` means a number in prod:, nothing in the escape hatch
    assert cast({"replicas": "2", "compose": {"replicas": "2"}}, Prod) == {
        "replicas": 2,
        "compose": {"replicas": "2"},
    }
    assert cast({"prod": {"replicas": "2"}, "unknown": "2"}, Service) == {
        "prod": {"replicas": 2},
        "unknown": "2",
    }
