from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath

import pytest

from devenv import scaffold
from devenv.errors import DevenvError

TEMPLATE_DIR = Path(__file__).parents[1] / "templates"


def render(template: str, project: str = "demo") -> list[scaffold.RenderedFile]:
    return scaffold.render_template(template, scaffold.context(template, project))


def paths(files: list[scaffold.RenderedFile]) -> set[str]:
    return {str(f.path) for f in files}


def test_every_template_folder_is_registered() -> None:
    # `__pycache__` appears once a test has imported `devenv.templates` (it is a package).
    folders = [p.name for p in TEMPLATE_DIR.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert sorted(folders) == sorted(scaffold.TEMPLATES)


def test_template_sources_are_j2_files() -> None:
    # Packaging skips dotfiles and tools would lint stray .py or .java files: every source is
    # `<name>.j2`, a leading dot written `dot-`. The package's own `__init__.py` (which makes
    # `templates/` the importable `devenv.templates`) sits at the top, beside the templates.
    sources = [
        p
        for p in TEMPLATE_DIR.rglob("*")
        if p.is_file() and p.parent != TEMPLATE_DIR and "__pycache__" not in p.parts
    ]
    assert sources
    assert [p for p in sources if not p.name.endswith(".j2") or p.name.startswith(".")] == []
    assert sorted(p.name for p in TEMPLATE_DIR.iterdir() if p.is_file()) == ["__init__.py"]


@pytest.mark.parametrize("template", scaffold.TEMPLATES)
def test_template_renders_config_dockerfile_and_dockerignore(template: str) -> None:
    files = render(template)
    names = paths(files)
    assert "devenv.yaml" in names
    dockerfiles = [PurePosixPath(n) for n in names if n.endswith("Dockerfile")]
    assert dockerfiles
    for dockerfile in dockerfiles:
        assert str(dockerfile.parent / ".dockerignore").removeprefix("./") in names
    for f in files:
        assert "{{" not in f.text, f.path
        assert "{%" not in f.text, f.path
    config = next(f for f in files if str(f.path) == "devenv.yaml")
    assert "project: demo\n" in config.text


@pytest.mark.parametrize("template", scaffold.TEMPLATES)
def test_template_dockerfiles_have_the_required_stages(template: str) -> None:
    for f in render(template):
        if f.path.name != "Dockerfile":
            continue
        stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", f.text, re.MULTILINE)
        names = {name for _, name in stages}
        assert {"dev", "prod", "debug"} <= names, f.path
        assert ("prod", "debug") in stages, "debug must be built FROM the production stage"
        assert len(stages) >= 4  # a build stage besides dev, prod and debug
        assert re.search(r"^HEALTHCHECK ", f.text, re.MULTILINE)
        users = re.findall(r"^USER\s+(\S+)", f.text, re.MULTILINE)
        assert users
        assert users[-1] != "root"
        for image, _ in stages:
            if "/" in image and ":" in image:  # a pinned image, not a stage name
                assert not image.endswith(":latest")


def test_dot_prefix_becomes_a_dotfile() -> None:
    assert ".dockerignore" in paths(render("static"))
    assert "web/.dockerignore" in paths(render("aspnet-mssql"))


def test_executable_sources_stay_executable(tmp_path: Path) -> None:
    files = render("rails")
    assert [str(f.path) for f in files if f.executable] == ["bin/rails"]
    scaffold.write_files(tmp_path, files, force=False)
    assert (tmp_path / "bin" / "rails").stat().st_mode & stat.S_IXUSR
    assert not (tmp_path / "Gemfile").stat().st_mode & stat.S_IXUSR


def test_dev_db_password_is_random_and_complex_enough_for_sql_server() -> None:
    first = scaffold.context("aspnet-mssql", "x")["dev_db_password"]
    second = scaffold.context("aspnet-mssql", "x")["dev_db_password"]
    assert first != second
    assert len(first) >= 8
    assert all(re.search(p, first) for p in ("[A-Z]", "[a-z]", "[0-9]", "[^A-Za-z0-9]"))


def test_unknown_template_suggests_a_name() -> None:
    with pytest.raises(DevenvError, match=r"unknown template 'pyton'; did you mean 'python'\?"):
        render("pyton")


@pytest.mark.parametrize(
    ("folder", "expected"),
    [("my-app", "my-app"), ("My App", "my-app"), ("svc_2", "svc_2"), ("--", "app"), ("Ünï", "n")],
)
def test_project_name_from_folder(tmp_path: Path, folder: str, expected: str) -> None:
    assert scaffold.project_name(tmp_path / folder) == expected


@pytest.mark.parametrize("name", ["Shop", "-x", "a b", ""])
def test_bad_project_name_is_refused_with_a_suggestion(name: str) -> None:
    with pytest.raises(DevenvError, match="a project name is lowercase"):
        scaffold.check_project_name(name)


def test_write_files_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    with pytest.raises(DevenvError, match=r"Dockerfile already exists.*--force"):
        scaffold.write_files(tmp_path, render("python"), force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]
    assert (tmp_path / "Dockerfile").read_text() == "FROM scratch\n"


def test_write_files_keeps_the_users_own_app_files(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("django==5.1\n")
    result = scaffold.write_files(tmp_path, render("python"), force=False)
    assert result.kept == [PurePosixPath("requirements.txt")]
    assert (tmp_path / "requirements.txt").read_text() == "django==5.1\n"
    assert (tmp_path / "devenv.yaml").is_file()


def test_write_files_force_replaces_everything(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "requirements.txt").write_text("django==5.1\n")
    result = scaffold.write_files(tmp_path, render("python"), force=True)
    assert result.kept == []
    assert (tmp_path / "Dockerfile").read_text().count("FROM ") >= 4
    assert "flask==" in (tmp_path / "requirements.txt").read_text()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_write_files_into_a_new_folder(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b"
    result = scaffold.write_files(dest, render("static"), force=False)
    assert {str(p) for p in result.written} == {
        ".dockerignore",
        "Dockerfile",
        "devenv.yaml",
        "site/index.html",
        "site/style.css",
    }


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, []),
        ({"README.md": ""}, []),
        ({"pom.xml": ""}, [("java", "pom.xml")]),
        ({"package.json": "{}"}, [("node", "package.json")]),
        ({"Gemfile": ""}, [("rails", "Gemfile")]),
        ({"Shop.csproj": "<Project/>"}, [("dotnet", "Shop.csproj")]),
        (
            {"Shop.csproj": '<PackageReference Include="Microsoft.Data.SqlClient" />'},
            [("aspnet-mssql", "Shop.csproj")],
        ),
        ({"pyproject.toml": ""}, [("python", "pyproject.toml")]),
        ({"requirements.txt": ""}, [("python", "requirements.txt")]),
        (
            {"pyproject.toml": "", "requirements.txt": ""},
            [("python", "pyproject.toml")],
        ),
        ({"index.html": ""}, [("static", "index.html")]),
        # A Rails app with a package.json for its assets is a Rails app first.
        ({"Gemfile": "", "package.json": "{}"}, [("rails", "Gemfile"), ("node", "package.json")]),
        ({"pom.xml": "", "package.json": "{}"}, [("java", "pom.xml"), ("node", "package.json")]),
        # Only the folder's own files count, not a sub-project's.
        ({"sub__pom.xml": ""}, []),
    ],
)
def test_detect(tmp_path: Path, files: dict[str, str], expected: list[tuple[str, str]]) -> None:
    for name, text in files.items():
        target = tmp_path / name.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    assert [tuple(d) for d in scaffold.detect(tmp_path)] == expected


def test_detect_a_missing_folder(tmp_path: Path) -> None:
    assert scaffold.detect(tmp_path / "nope") == []


@pytest.mark.parametrize("template", scaffold.TEMPLATES)
def test_rendered_files_are_well_formed(template: str) -> None:
    import json
    import xml.etree.ElementTree as ET

    import yaml

    checked = 0
    for f in render(template):
        suffix = f.path.suffix
        if suffix == ".py":
            compile(f.text, str(f.path), "exec")
        elif suffix == ".json":
            json.loads(f.text)
        elif suffix in (".xml", ".csproj"):
            ET.fromstring(f.text)
        elif suffix in (".yaml", ".yml"):
            yaml.safe_load(f.text)
        else:
            continue
        checked += 1
    assert checked
