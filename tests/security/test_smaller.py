"""Issue 14, item 10: a type error never echoes a value from the environment; `render -o`
onto a symlink writes through to its target; a killed write's temporary files are cleaned."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from devenv.cli import main
from devenv.config.load import load
from devenv.errors import DevenvError
from devenv.fsutil import STALE_TMP_SECONDS, atomic_write

SECRET = "s3cr3t-Tok3n"
HEAD = "project: app\nservices:\n  web:\n    image: nginx:1.27\n"


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("working_dir: ${CI_TOKEN}", "services.web.working_dir"),
        ("ports: ['${CI_TOKEN}']", "services.web.ports[0]"),
        ("healthcheck: {interval: 'x${CI_TOKEN}'}", "services.web.healthcheck.interval"),
        ("dev: {mounts: ['${CI_TOKEN}']}", "services.web.dev.mounts[0]"),
        ("dev: {mounts: ['./a:/b:${CI_TOKEN}']}", "services.web.dev.mounts[0]"),
        ("depends_on: ['${CI_TOKEN}']", "services.web.depends_on[0]"),
        ("prod: {restart: '${CI_TOKEN:-x}'}", "services.web.prod.restart"),
    ],
)
def test_an_error_names_the_variable_not_its_value(tmp_path: Path, line: str, where: str) -> None:
    path = tmp_path / "devenv.yaml"
    path.write_text(f"{HEAD}    {line}\n")
    with pytest.raises(DevenvError) as caught:
        load(path, {"CI_TOKEN": SECRET})
    message = caught.value.message
    assert SECRET not in message
    assert "s3cr3t" not in message
    assert f"{where}: " in message
    assert "$CI_TOKEN (value not shown)" in message


def test_a_value_written_in_the_file_is_still_shown(tmp_path: Path) -> None:
    path = tmp_path / "devenv.yaml"
    path.write_text(f"{HEAD}    working_dir: relative\n")
    with pytest.raises(DevenvError, match="got 'relative'"):
        load(path, {})


def test_render_output_onto_a_symlink_writes_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "devenv.yaml").write_text(HEAD)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "stack.yaml"
    target.write_text("old\n")
    link = tmp_path / "compose.yaml"
    link.symlink_to(target)
    monkeypatch.chdir(tmp_path)
    assert main(["render", "dev", "-o", "compose.yaml"]) == 0
    assert link.is_symlink()
    assert "name: app-dev" in target.read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert main(["render", "--help"]) == 0
    assert "A symlink stays a link: its target is written." in " ".join(
        capsys.readouterr().out.replace("│", " ").split()
    )


def test_stale_temporary_files_are_cleaned_on_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "stack.yaml"
    stale = tmp_path / ".stack.yaml.k1ll3d.tmp"
    fresh = tmp_path / ".stack.yaml.wr1t1ng.tmp"  # another write, still running
    other = tmp_path / ".other.yaml.x.tmp"
    for p in (stale, fresh, other):
        p.write_text("half")
    old = time.time() - STALE_TMP_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    atomic_write(target, "whole\n")
    assert target.read_text() == "whole\n"
    assert not stale.exists()
    assert fresh.exists()
    assert other.exists()  # another file's leftovers are its own write's business
