"""`devenv lint`: targets, exit codes, formats, settings files and --fix."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.commands import lint as cmd
from devenv.commands.lint import collect, kind_of

REPO = Path(__file__).resolve().parents[2]
BAD = "FROM debian:latest\nRUN apt-get update\nRUN apt-get install -y curl=7\n"
GOOD = (
    "FROM debian:12.7\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7 \\\n"
    " && rm -rf /var/lib/apt/lists/*\n"
)
MINE = {"DL1000", "DL3007", "DL3008", "DV101"}  # the rules these tests are about


def _mine(out: str) -> list[tuple[str, str]]:
    return [(f["rule"], f["severity"]) for f in json.loads(out) if f["rule"] in MINE]


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dockerfile", "dockerfile"),
        ("Containerfile", "dockerfile"),
        ("web.Dockerfile", "dockerfile"),
        ("Dockerfile.prod", "dockerfile"),
        ("Dockerfile.dockerignore", None),
        ("Dockerfile-alpine", "dockerfile"),
        ("python-Dockerfile", "dockerfile"),
        ("api.dockerfile", "dockerfile"),
        ("Containerfile.arm64", "dockerfile"),
        ("Containerfile-dev", "dockerfile"),
        ("Dockerfile-notes.txt", None),
        ("Dockerfile.lint.yaml", None),
        ("Dockerfiles", None),
        ("compose.yml", "compose"),
        ("docker-compose.yml", "compose"),
        ("docker-compose.override.yaml", "compose"),
        ("compose.json", None),
        ("compose.yaml", "compose"),
        ("compose.override.yml", "compose"),
        ("docker-compose.prod.yaml", "compose"),
        ("devenv.yaml", "config"),
        ("README.md", None),
        ("values.yaml", None),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(Path(name)) == kind


def test_folders_are_searched_skipping_hidden_and_vendored(here: Path) -> None:
    for name in (
        "a/Dockerfile",
        "a/b/x.Dockerfile",
        ".git/Dockerfile",
        "node_modules/Dockerfile",
        "c/compose.yaml",
        "c/notes.txt",
    ):
        (here / name).parent.mkdir(parents=True, exist_ok=True)
        (here / name).write_text(GOOD)
    targets = collect([Path(".")], None)
    assert [str(p) for p in targets.dockerfiles] == ["a/Dockerfile", "a/b/x.Dockerfile"]
    assert [str(p) for p in targets.composes] == ["c/compose.yaml"]


def test_every_dockerfile_name_and_compose_file_in_a_folder(here: Path) -> None:
    names = [
        "Dockerfile-alpine",
        "svc/api-Dockerfile",
        "svc/Containerfile.dev",
        "svc/web.dockerfile",
        "stacks/docker-compose.yml",
        "stacks/compose.prod.yaml",
        "stacks/README.md",
    ]
    for name in names:
        (here / name).parent.mkdir(parents=True, exist_ok=True)
        (here / name).write_text(GOOD if "ompose" not in name else "services: {}\n")
    targets = collect([here], None)
    found = sorted(p.relative_to(here).as_posix() for p in targets.dockerfiles)
    assert found == sorted(n for n in names[:4])
    assert sorted(p.name for p in targets.composes) == ["compose.prod.yaml", "docker-compose.yml"]
    some = collect([here], None, exclude=["stacks", "*.dockerfile", "svc/api-*"])
    assert sorted(p.name for p in some.dockerfiles) == ["Containerfile.dev", "Dockerfile-alpine"]
    assert some.composes == []


def test_a_folder_with_nothing_to_lint_says_where_it_looked(here: Path) -> None:
    (here / "empty").mkdir()
    (here / "docs").mkdir()
    (here / "docs" / "notes.md").write_text("# notes\n")
    code, out, err = _invoke("empty", "docs")
    assert code == 2
    assert out == ""
    assert "nothing to lint in empty, docs" in err
    assert "Dockerfile-*" in err
    assert "compose*.y[a]ml" in err
    (here / "docs" / "Dockerfile").write_text(GOOD)
    code, _, err = _invoke("docs", "--exclude", "Dockerfile")
    assert code == 2
    assert "outside --exclude Dockerfile" in err
    assert _invoke("docs", "empty")[0] == 0  # one folder with something is enough


def test_compose_files_in_a_folder_are_linted_as_stacks_of_env(here: Path) -> None:
    (here / "deploy").mkdir()
    (here / "deploy" / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n"
    )
    _, dev, _ = _invoke("--format", "json", "deploy")
    assert "DV209" in {f["rule"] for f in json.loads(dev)}
    _, prod, _ = _invoke("--format", "json", "--env", "prod", "deploy")
    rules = {f["rule"] for f in json.loads(prod)}
    assert "DV210" in rules
    assert "DV209" not in rules


def test_exit_codes_and_plain_text(here: Path) -> None:
    (here / "Dockerfile").write_text(BAD)
    code, out, _ = _invoke("Dockerfile")
    assert code == 1
    assert "Dockerfile:1:6: [warning] DL3007 " in out
    assert _invoke("Dockerfile", "--failure-threshold", "error")[0] == 0
    assert _invoke("Dockerfile", "--ignore", "DL3007", "--ignore", "DV101")[0] in (0, 1)
    (here / "Dockerfile").write_text(GOOD)
    assert _invoke("Dockerfile")[0] == 0


def test_a_file_docker_rejects_is_a_finding_not_a_crash(here: Path) -> None:
    (here / "Dockerfile").write_text("FROM debian:12\nENV ONLY_A_NAME\n")
    code, out, _ = _invoke("Dockerfile")
    assert code == 1
    assert "Dockerfile:2:1: [error] DL1000 parse error: ENV must have two arguments" in out


def test_bad_input_exits_2_with_a_positioned_message(here: Path) -> None:
    assert _invoke("missing")[0] == 2
    (here / "Dockerfile").write_text(GOOD)
    (here / ".hadolint.yaml").write_text("ignored: [DL3008]\nfailure-treshold: error\n")
    code, _, err = _invoke("Dockerfile")
    assert code == 2
    assert ".hadolint.yaml:2:1: failure-treshold: unknown key" in err
    assert "Traceback" not in err


def test_hadolint_yaml_is_honoured(here: Path) -> None:
    (here / "Dockerfile").write_text(BAD)
    (here / ".hadolint.yaml").write_text("ignored: [DL3007]\noverride:\n  info: [DV101]\n")
    code, out, _ = _invoke("Dockerfile", "--format", "json")
    assert code == 0
    assert _mine(out) == [("DV101", "info")]


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_every_format(here: Path, fmt: str) -> None:
    (here / "Dockerfile").write_text(BAD)
    code, out, _ = _invoke("Dockerfile", "--format", fmt)
    assert code == 1
    assert "DL3007" in out


def test_fix_rewrites_once_and_then_nothing(here: Path) -> None:
    (here / "Dockerfile").write_text(BAD)
    code, out, _ = _invoke("Dockerfile", "--fix", "--format", "json")
    assert _mine(out) == [("DL3007", "warning")]
    assert (here / "Dockerfile").read_text() == (
        "FROM debian:latest\nRUN apt-get update && apt-get install -y curl=7\n"
    )
    before = (here / "Dockerfile").stat().st_mtime_ns
    _invoke("Dockerfile", "--fix")
    assert (here / "Dockerfile").stat().st_mtime_ns == before
    assert code == 1


def test_no_paths_lints_the_project(here: Path) -> None:
    shutil.copytree(REPO / "examples" / "hello", here, dirs_exist_ok=True)
    (here / "Dockerfile").write_text((here / "Dockerfile").read_text() + "RUN apt-get update\n")
    code, out, _ = _invoke("--format", "json")
    found = json.loads(out)
    assert ("DV101", "Dockerfile") in {(f["rule"], f["file"]) for f in found}
    assert code == 1


def test_no_paths_and_nothing_here_is_bad_input(here: Path) -> None:
    code, _, err = _invoke()
    assert code == 2
    assert "nothing to lint" in err


def test_run_is_a_plain_function(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "Dockerfile").write_text(GOOD)
    assert cmd.run([Path("Dockerfile")], format="json") == 0
    assert _mine(capsys.readouterr().out) == []


def test_hand_written_compose_gets_prod_rules_with_env_prod(here: Path) -> None:
    (here / "compose.yaml").write_text("services:\n  web:\n    build: .\n    image: app:1.0\n")
    code, out, _ = _invoke("--env", "prod", "--format", "json", "compose.yaml")
    found = {(f["rule"], f["line"], f["column"]) for f in json.loads(out)}
    assert ("DV211", 3, 5) in found
    assert code == 1
    _, dev_out, _ = _invoke("--format", "json", "compose.yaml")
    assert "DV211" not in {f["rule"] for f in json.loads(dev_out)}


def test_a_missing_dockerfile_of_the_project_is_positioned(here: Path) -> None:
    (here / "devenv.yaml").write_text("project: p\nservices:\n  web:\n    build: {context: app}\n")
    code, _, err = _invoke()
    assert code == 2
    assert "devenv.yaml:4:12: services.web.build: no Dockerfile at app/Dockerfile" in err


def test_compose_lint_says_when_it_cannot_read_image_volumes(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{here}/no-engine.sock")
    (here / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    _, _, err = _invoke("compose.yaml")
    assert "devenv: DV202: no Docker engine answers" in err
    assert "nginx:1.27 were checked" in err
    _, _, quiet = _invoke("compose.yaml", "--ignore", "DV202")
    assert "DV202" not in quiet


def test_label_schema_and_trusted_registries_reach_the_rules(here: Path) -> None:
    # issue 15: both come from .hadolint.yaml through `devenv lint` to the rules
    (here / "Dockerfile").write_text(
        'FROM ghcr.io/acme/base:1.0\nLABEL maintainer=nobody\nHEALTHCHECK CMD ["true"]\nUSER 1000\n'
    )
    (here / ".hadolint.yaml").write_text(
        "trustedRegistries: [docker.io]\nlabel-schema:\n  maintainer: email\n"
        "  org.opencontainers.image.source: url\nstrict-labels: true\n"
    )
    code, out, _ = _invoke("Dockerfile", "--format", "json")
    found = sorted((f["rule"], f["line"]) for f in json.loads(out))
    assert ("DL3026", 1) in found
    assert ("DL3049", 1) in found
    assert ("DL3058", 2) in found
    assert code == 1


def test_a_bad_label_type_is_positioned(here: Path) -> None:
    (here / "Dockerfile").write_text(GOOD)
    (here / ".hadolint.yaml").write_text("label-schema:\n  maintainer: mail\n")
    code, _, err = _invoke("Dockerfile")
    assert code == 2
    assert ".hadolint.yaml:2:15: label-schema.maintainer: expected one of text, url" in err
    assert "Traceback" not in err


def test_a_subfolder_with_nothing_of_its_own_lints_the_project_above(here: Path) -> None:
    (here / "devenv.yaml").write_text("project: app\nservices:\n  web:\n    build: {context: .}\n")
    (here / "Dockerfile").write_text(BAD)
    (here / "src" / "deep").mkdir(parents=True)
    (here / "src" / "deep" / "app.py").write_text("print('hi')\n")
    os.chdir(here / "src" / "deep")
    code, out, _ = _invoke("--format", "json")
    assert code == 1
    assert ("DL3007", "warning") in _mine(out)  # the project's Dockerfile, through its config
    # A subfolder with a Dockerfile of its own lints that one, as hadolint would.
    (here / "src" / "deep" / "Dockerfile").write_text(GOOD)
    code, out, _ = _invoke("--format", "json")
    assert "DL3007" not in {rule for rule, _ in _mine(out)}
