"""Issue 14, item 2: files that become configs and secrets stay inside the project folder
(after symlinks), unless `allow_outside_project` lists them where a reviewer sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from devenv.cli import main
from devenv.config import load_config
from devenv.errors import DevenvError

KINDS = {
    "prod config": (
        "    prod:\n      configs: [{{source: '{p}', target: /etc/app.conf}}]\n",
        "prod.configs[0].source",
    ),
    "prod secret": (
        "    prod:\n      secrets: [{{name: token, file: '{p}'}}]\n",
        "prod.secrets[0].file",
    ),
    "env_file": ("    env_file: ['{p}']\n", "env_file[0]"),
    "dev secret": (
        "    dev:\n      secrets: [{{name: token, file: '{p}'}}]\n",
        "dev.secrets[0].file",
    ),
}


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """tmp/outside/token (not the project's) and tmp/project/ with links of every kind."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "token").write_text("hunter2\n")
    project = tmp_path / "project"
    (project / "conf").mkdir(parents=True)
    (project / "conf" / "app.conf").write_text("ok\n")
    (project / "link-out").symlink_to(outside / "token")
    (project / "folder-out").symlink_to(outside)  # a folder inside that points out
    (project / "link-in").symlink_to(project / "conf" / "app.conf")
    return project


def config(project: Path, kind: str, path: str, extra: str = "") -> Path:
    body, _ = KINDS[kind]
    text = "project: app\n" + extra + "services:\n  web:\n    image: nginx:1.27\n"
    (project / "devenv.yaml").write_text(text + body.format(p=path))
    return project / "devenv.yaml"


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    "given",
    ["../outside/token", "ABSOLUTE", "link-out", "folder-out/token", "conf/../../outside/token"],
)
def test_outside_is_refused(layout: Path, kind: str, given: str) -> None:
    if given == "ABSOLUTE":
        given = str(layout.parent / "outside" / "token")
    path = config(layout, kind, given)
    with pytest.raises(DevenvError) as caught:
        load_config(path, {})
    message = caught.value.message
    assert message.startswith(f"{path}:")
    assert f": services.web.{KINDS[kind][1]}: {given!r} is outside the project folder" in message
    assert "allow_outside_project" in message


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("given", ["conf/app.conf", "link-in", "./conf/../conf/app.conf"])
def test_inside_is_accepted(layout: Path, kind: str, given: str) -> None:
    load_config(config(layout, kind, given), {})


@pytest.mark.parametrize("kind", list(KINDS))
def test_allowed_explicitly(layout: Path, kind: str) -> None:
    allow = "allow_outside_project: ['../outside/token']\n"
    load_config(config(layout, kind, "../outside/token", allow), {})
    load_config(config(layout, kind, "folder-out/token", allow), {})  # same file, by its link
    (layout.parent / "outside" / "other").write_text("x")
    other = config(layout, kind, "../outside/other", allow)
    with pytest.raises(DevenvError, match="outside the project folder"):
        load_config(other, {})


def test_every_command_exits_2(
    layout: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config(layout, "prod secret", "/etc/shadow")
    monkeypatch.chdir(layout)
    for args in (
        ["render", "prod", "--tag", "v1"],
        ["lint"],
        ["promote", "--tag", "v1", "--dry-run"],
    ):
        assert main(args) == 2, args
        assert "'/etc/shadow' is outside the project folder" in capsys.readouterr().err
