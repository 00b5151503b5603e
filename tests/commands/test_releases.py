from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.prod.releases import DirStore, Release

CONFIG = "project: app\nservices:\n  web: {image: 'r:5000/a:1'}\n"


def record(number: int, tag: str) -> Release:
    image = f"r:5000/a:1@sha256:{str(number) * 64}"
    return Release(
        number,
        "promote",
        tag,
        {"web": image},
        "h",
        "",
        "ann@box",
        "2026-01-01T00:00:00Z",
        "deployed",
    )


def test_compose_history_is_listed_newest_first(write_config: Callable[..., Path]) -> None:
    config = write_config(CONFIG)
    store = DirStore(config.parent / ".devenv" / "releases")
    store.add(record(1, "v1"))
    store.add(record(2, "v2"))
    result = CliRunner().invoke(app, ["releases", "-c", str(config), "--target", "compose"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split()[:4] == ["*", "2", "2026-01-01T00:00:00Z", "v2"]
    assert lines[2].split()[:2] == ["1", "2026-01-01T00:00:00Z"]
    as_json = CliRunner().invoke(
        app, ["releases", "-c", str(config), "--target", "compose", "--format", "json"]
    )
    assert [r["tag"] for r in json.loads(as_json.output)] == ["v1", "v2"]


def test_no_history_says_what_to_do(write_config: Callable[..., Path]) -> None:
    result = CliRunner().invoke(
        app, ["releases", "-c", str(write_config(CONFIG)), "--target", "compose"]
    )
    assert result.exit_code == 0
    assert "no releases of app on the compose target yet: run `devenv promote`" in result.output


def test_bad_format(write_config: Callable[..., Path]) -> None:
    result = CliRunner().invoke(app, ["releases", "-c", str(write_config(CONFIG)), "--format", "x"])
    assert result.exit_code == 2
    assert "--format 'x': expected 'text' or 'json'" in result.output


def test_unreachable_target_falls_back_to_the_mirror(
    write_config: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from devenv import engine
    from devenv.errors import DevenvError

    def unreachable() -> None:
        raise DevenvError("cannot reach the Docker engine at tcp://nowhere")

    monkeypatch.setattr(engine, "client", unreachable)
    config = write_config(CONFIG)
    DirStore(config.parent / ".devenv" / "releases").add(record(1, "v1"))
    result = CliRunner().invoke(app, ["releases", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert "cannot reach the Docker engine at tcp://nowhere; showing the local mirror" in (
        result.output
    )
    assert "v1" in result.output
