from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.config import load_config
from devenv.dev import stackfile as devstack
from tests.commands import fake_docker

CONFIG = "project: demo\nservices:\n  web: {image: 'busybox:1.36'}\n  db: {image: 'busybox:1.36'}\n"
PS_ROW = {
    "Name": "demo-dev-web-1",
    "Service": "web",
    "State": "running",
    "Health": "healthy",
    "Image": "busybox:1.36",
    "Publishers": [
        {"URL": "127.0.0.1", "TargetPort": 8080, "PublishedPort": 18080, "Protocol": "tcp"},
        {"URL": "", "TargetPort": 9000, "PublishedPort": 0, "Protocol": "tcp"},
    ],
}
RELOAD = {"action": "restart", "ok": True, "latency_s": 0.42, "at": "2026-01-02T03:04:05+00:00"}


@pytest.fixture
def config(write_config: Callable[..., Path]) -> Path:
    path = write_config(CONFIG)
    devstack.record_reload(load_config(path, env={}), "web", RELOAD)
    return path


def _install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ps: str) -> None:
    (tmp_path / "ps.json").write_text(ps)
    extra = f'case "$*" in *" ps --all --format json") cat {tmp_path / "ps.json"}; exit 0;; esac'
    fake_docker.install(tmp_path, monkeypatch, extra=extra)


@pytest.mark.parametrize(
    "ps",
    [json.dumps(PS_ROW) + "\n", json.dumps([PS_ROW])],  # Compose >= 2.21, and older ones
    ids=["lines", "array"],
)
def test_status_json(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ps: str
) -> None:
    _install(tmp_path, monkeypatch, ps)
    result = CliRunner().invoke(app, ["status", "-c", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.output)
    assert doc["project"] == "demo-dev"
    web, db = doc["services"]
    assert web["state"] == "running"
    assert web["health"] == "healthy"
    assert web["ports"] == ["127.0.0.1:18080->8080/tcp", "9000/tcp"]
    assert web["last_reload"]["latency_s"] == 0.42
    assert web["last_reload"]["at"]
    assert db == {
        "service": "db",
        "container": None,
        "state": "not created",
        "health": None,
        "ports": [],
        "image": None,
        "last_reload": None,
    }


def test_status_text(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tmp_path, monkeypatch, json.dumps(PS_ROW) + "\n")
    result = CliRunner().invoke(app, ["status", "-c", str(config)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].strip() == "demo-dev"
    assert lines[1].split()[:3] == ["SERVICE", "STATE", "HEALTH"]
    assert "127.0.0.1:18080->8080/tcp" in lines[2]
    assert "restart 0.42 s at" in lines[2]
    assert lines[3].split()[:3] == ["db", "not", "created"]


def test_status_of_a_stack_never_started(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path, monkeypatch, "")
    path = write_config(CONFIG)
    result = CliRunner().invoke(app, ["status", "-c", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [s["state"] for s in json.loads(result.output)["services"]] == ["not created"] * 2


def test_status_bad_format(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_docker.install(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, ["status", "-c", str(config), "--format", "xml"])
    assert result.exit_code == 2
    assert "--format 'xml': expected one of text, json" in result.output
