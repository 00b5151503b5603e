from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.commands import init
from devenv.errors import DevenvError


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["init", *args])
    return result.exit_code, result.output


def test_init_with_template_writes_the_project(tmp_path: Path) -> None:
    code, out = invoke(str(tmp_path / "shop"), "--template", "node")
    assert code == 0, out
    assert "Created project 'shop' from template 'node'" in out
    assert "  devenv.yaml" in out
    assert "  package-lock.json" in out
    assert f"cd {tmp_path / 'shop'} && devenv up" in out
    assert "project: shop\n" in (tmp_path / "shop" / "devenv.yaml").read_text()


def test_init_name_option(tmp_path: Path) -> None:
    code, out = invoke(str(tmp_path), "-t", "static", "--name", "site-1")
    assert code == 0, out
    assert "project: site-1\n" in (tmp_path / "devenv.yaml").read_text()


def test_init_bad_name(tmp_path: Path) -> None:
    code, out = invoke(str(tmp_path), "-t", "static", "--name", "My Site")
    assert code == 2
    assert "--name 'My Site': a project name is lowercase" in out
    assert "'my-site'" in out
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "devenv.yaml").write_text("mine\n")
    code, out = invoke(str(tmp_path), "-t", "static")
    assert code == 2
    assert "devenv.yaml already exists" in out
    assert "--force" in out
    assert (tmp_path / "devenv.yaml").read_text() == "mine\n"


def test_init_force_overwrites(tmp_path: Path) -> None:
    (tmp_path / "devenv.yaml").write_text("mine\n")
    code, out = invoke(str(tmp_path), "-t", "static", "--force")
    assert code == 0, out
    assert "project:" in (tmp_path / "devenv.yaml").read_text()


def test_init_unknown_template(tmp_path: Path) -> None:
    code, out = invoke(str(tmp_path), "-t", "rubyonrails")
    assert code == 2
    assert "unknown template 'rubyonrails'" in out
    assert "templates: python, node" in out


def test_init_without_template_proposes_the_detected_one(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text("<project/>")
    (tmp_path / "package.json").write_text("{}")
    code, out = invoke(str(tmp_path))
    assert code == 0, out
    assert "pom.xml looks like a java project" in out
    assert f"devenv init {tmp_path} --template java" in out
    assert "Other candidates: node (package.json)." in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package.json", "pom.xml"]


def test_init_yes_takes_the_proposal_and_keeps_the_users_files(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("django==5.1\n")
    code, out = invoke(str(tmp_path), "--yes")
    assert code == 0, out
    assert "from template 'python'" in out
    assert "Kept your existing files" in out
    assert "  requirements.txt" in out
    assert (tmp_path / "requirements.txt").read_text() == "django==5.1\n"
    assert (tmp_path / "Dockerfile").is_file()


def test_init_without_template_and_nothing_to_detect(tmp_path: Path) -> None:
    code, out = invoke(str(tmp_path))
    assert code == 2
    assert "no --template given" in out
    for name in ("python", "node", "java", "rails", "dotnet", "aspnet-mssql", "static"):
        assert f"  {name} " in out


def test_run_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Gemfile").write_text("")
    assert init.run(Path("."), template=None) == 0
    assert "  devenv init --template rails\n" in capsys.readouterr().out
    assert init.run(Path("."), template="rails") == 0
    assert "  devenv up " in capsys.readouterr().out  # no `cd` for the current folder
    with pytest.raises(DevenvError, match="already exist"):
        init.run(Path("."), template="rails")
