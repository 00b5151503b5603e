from __future__ import annotations

import json
from pathlib import Path

import pytest

from devenv import engine


def test_compose_argv_names_project_file_and_folder() -> None:
    stack = engine.ComposeStack("demo-dev", Path("/p/.devenv/compose.dev.yml"), Path("/p"))
    assert stack.argv("up", "-d") == [
        "docker", "compose", "-p", "demo-dev", "-f", "/p/.devenv/compose.dev.yml",
        "--project-directory", "/p", "up", "-d",
    ]  # fmt: skip


ROW = {"Service": "web", "State": "running"}


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("", []),
        ("\n", []),
        (json.dumps(ROW) + "\n", [ROW]),
        (
            json.dumps(ROW) + "\n" + json.dumps({**ROW, "Service": "db"}),
            [ROW, {**ROW, "Service": "db"}],
        ),
        (json.dumps([ROW]), [ROW]),
        ("[]", []),
    ],
)
def test_parse_ps(text: str, rows: list[dict[str, str]]) -> None:
    assert engine.parse_ps(text) == rows


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("v2.40.3", (2, 40, 3)),
        ("2.20.0", (2, 20, 0)),
        ("2.40.3-desktop.1", (2, 40, 3)),
        ("1.41", (1, 41, 0)),
        ("dev", ()),
    ],
)
def test_version_tuple(text: str, version: tuple[int, ...]) -> None:
    assert engine._version_tuple(text) == version


def test_split_command_splits_like_compose() -> None:
    assert engine.split_command("kill -HUP 1") == ["kill", "-HUP", "1"]
    assert engine.split_command("sh -c 'touch /tmp/reload'") == ["sh", "-c", "touch /tmp/reload"]
