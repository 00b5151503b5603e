"""One side of one service, from Compose's normalised form to devenv's (table tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from devenv.migrate.convert import Converter, _depends, _device, _mapping, _short_port

ROOT = Path("/srv/app")


@pytest.mark.parametrize(
    ("port", "expected"),
    [
        ({"target": 80, "published": "8080", "protocol": "tcp", "mode": "ingress"}, "8080:80"),
        ({"target": 53, "published": "53", "protocol": "udp"}, "53:53/udp"),
        ({"target": 80, "published": "80", "host_ip": "127.0.0.1"}, "127.0.0.1:80:80"),
        ({"target": 9000}, "9000"),
        ("${PORT:-80}:80", "${PORT:-80}:80"),
        ({"target": 80, "name": "web", "app_protocol": "http"}, None),  # kept in compose:
        ({"target": 80, "host_ip": "10.0.0.1"}, None),
    ],
)
def test_short_port(port: Any, expected: str | None) -> None:
    assert _short_port(port) == expected


@pytest.mark.parametrize(
    ("deps", "expected"),
    [
        ({"db": {"condition": "service_started", "required": True}}, ["db"]),
        (
            {"db": {"condition": "service_healthy", "required": True}},
            {"db": {"condition": "service_healthy"}},
        ),
        (
            {"q": {"condition": "service_started", "required": False, "restart": True}},
            {"q": {"condition": "service_started", "restart": True, "required": False}},
        ),
    ],
)
def test_depends(deps: dict[str, Any], expected: Any) -> None:
    assert _depends(deps) == expected


def test_device_and_mapping() -> None:
    assert (
        _device({"source": "/dev/a", "target": "/dev/a", "permissions": "rwm"}) == "/dev/a:/dev/a"
    )
    assert (
        _device({"source": "/dev/a", "target": "/dev/b", "permissions": "r"}) == "/dev/a:/dev/b:r"
    )
    assert _mapping(["A=1", "B", "C=x=y"]) == {"A": "1", "B": None, "C": "x=y"}


def _side(svc: dict[str, Any], *, dev: bool = True) -> Any:
    return Converter(ROOT, "app").side("web", svc, {}, dev=dev)


def test_binds_are_dev_mounts_and_volumes_named() -> None:
    side = _side(
        {
            "volumes": [
                {
                    "type": "bind",
                    "source": "/srv/app/src",
                    "target": "/app",
                    "bind": {"create_host_path": True},
                },
                {
                    "type": "volume",
                    "source": "data",
                    "target": "/data",
                    "read_only": True,
                    "volume": {},
                },
            ]
        }
    )
    assert side.own["mounts"] == ["./src:/app"]
    assert side.common["volumes"] == ["data:/data:ro"]
    assert side.compose == {}


def test_what_devenv_cannot_say_is_kept_whole() -> None:
    vols = [
        {"type": "volume", "source": "data", "target": "/data"},
        {"type": "volume", "source": "cache", "target": "/c", "volume": {"nocopy": True}},
    ]
    side = _side({"volumes": vols, "runtime": "runc"})
    assert side.compose == {"volumes": vols, "runtime": "runc"}
    assert "volumes" not in side.common


def test_deploy_to_prod_keys_and_the_rest_to_compose() -> None:
    side = _side(
        {
            "deploy": {
                "mode": "global",
                "resources": {
                    "limits": {"memory": "1G"},
                    "reservations": {"generic_resources": [1]},
                },
                "restart_policy": {"condition": "on-failure"},
                "update_config": {"parallelism": 2, "order": "stop-first"},
            }
        },
        dev=False,
    )
    assert side.own == {
        "mode": "global",
        "resources": {"memory": "1G"},
        "update": {"parallelism": 2, "order": "stop-first"},
        "restart": "on-failure",
    }
    assert side.compose == {"deploy": {"resources": {"reservations": {"generic_resources": [1]}}}}


def test_develop_watch_to_reload_rules() -> None:
    side = _side(
        {
            "develop": {
                "watch": [
                    {"action": "sync+restart", "path": "/srv/app/api", "target": "/srv"},
                    {"action": "rebuild", "path": "/srv/app/requirements.txt"},
                ]
            }
        }
    )
    assert side.own["reload"] == [
        {"paths": ["api/**"], "action": "sync", "source": "api", "target": "/srv"},
        {"paths": ["api/**"], "action": "restart"},
        # not on disk here, so taken for a folder; a file that exists is watched as itself
        {"paths": ["requirements.txt/**"], "action": "rebuild"},
    ]


def test_a_variable_from_the_shell_stays_one() -> None:
    conv = Converter(ROOT, "app")
    side = conv.side("web", {"environment": {"HOME_URL": None, "MODE": "dev"}}, {}, dev=True)
    assert side.common["environment"] == {"HOME_URL": "${HOME_URL}", "MODE": "dev"}
    assert any("HOME_URL" in n.what and n.decision for n in conv.notes)


def _watch(*entries: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    conv = Converter(ROOT, "app")
    side = conv.side("web", {"develop": {"watch": list(entries)}}, {}, dev=True)
    return side.own, [n.what for n in conv.notes if n.decision]


def test_an_exec_list_is_quoted_so_that_it_splits_back() -> None:
    own, notes = _watch(
        {
            "action": "sync+exec",
            "path": "/srv/app/static",
            "target": "/srv/static",
            "exec": {"command": ["sh", "-c", "kill -HUP 1"]},
        }
    )
    assert own["reload"][1] == {
        "paths": ["static/**"],
        "action": "exec",
        "exec": "sh -c 'kill -HUP 1'",
    }
    assert notes == []


def test_exec_settings_devenv_does_not_carry_are_a_note() -> None:
    _, notes = _watch(
        {
            "action": "sync+exec",
            "path": "/srv/app/s",
            "target": "/s",
            "exec": {"command": ["reload"], "user": "root", "environment": {"A": "1"}},
        }
    )
    assert len(notes) == 1
    assert "environment, user not carried" in notes[0]


def test_include_patterns_become_the_rules_globs() -> None:
    own, _ = _watch({"action": "restart", "path": "/srv/app/src", "include": ["*.py", "**/*.j2"]})
    assert own["reload"] == [{"paths": ["src/*.py", "src/**/*.j2"], "action": "restart"}]


@pytest.mark.parametrize(
    ("paths", "noted"),
    [
        (["/srv/app/app", "/srv/app/app/static"], True),
        (["/srv/app/app/static", "/srv/app/app"], True),
        (["/srv/app", "/srv/app/docs"], True),  # the project folder holds everything
        (["/srv/app/app", "/srv/app/app"], False),  # the same paths join, as in Compose
        (["/srv/app/app", "/srv/app/apps"], False),
        (["/srv/app/app", "/srv/app/static"], False),
    ],
)
def test_nested_watch_paths_are_a_note(paths: list[str], noted: bool) -> None:
    _, notes = _watch(*({"action": "restart", "path": p} for p in paths))
    assert bool(notes) is noted
    if noted:
        assert "Compose ran both entries" in notes[0]
