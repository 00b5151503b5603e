from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from devenv.cli import app, main

CONFIG = "project: app\nservices:\n  web:\n    image: nginx:1.27.2\n    ports: ['8080:80']\n"


def test_render_dev_stdout(write_config: Callable[..., Path]) -> None:
    result = CliRunner().invoke(app, ["render", "dev", "-c", str(write_config(CONFIG))])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output)["services"]["web"]["ports"] == ["127.0.0.1:8080:80"]


def test_render_prod_output_file(write_config: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out" / "prod.yml"
    code = main(["render", "prod", "-c", str(write_config(CONFIG)), "--tag", "v1", "-o", str(out)])
    assert code == 0
    assert yaml.safe_load(out.read_text())["services"]["web"]["image"] == "nginx:1.27.2"
    assert [p.name for p in out.parent.iterdir()] == ["prod.yml"]  # no temp file left


def test_render_output_not_touched_on_error(
    write_config: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "prod.yml"
    out.write_text("previous\n")
    bad = write_config("project: app\nservices:\n  web: {image: x:1, portz: []}\n")
    assert main(["render", "prod", "-c", str(bad), "--tag", "v1", "-o", str(out)]) == 2
    assert out.read_text() == "previous\n"
    err = capsys.readouterr().err
    assert "devenv.yaml:3:21: services.web.portz: unknown key 'portz'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "staging"], "unknown stack 'staging': expected 'dev' or 'prod'"),
        (["render", "prod", "--tag", "latest"], "production tags must be immutable"),
        (["render", "prod", "--tag", "-x"], "a tag is up to 128 letters"),
    ],
)
def test_render_bad_arguments(
    write_config: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert main([*args, "-c", str(write_config(CONFIG))]) == 2
    assert message in capsys.readouterr().err


def test_render_prod_without_git_needs_tag(
    write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "prod", "-c", str(write_config(CONFIG))]) == 2
    assert "give the image tag with --tag" in capsys.readouterr().err


def test_render_prod_tag_from_git(write_config: Callable[..., Path]) -> None:
    import subprocess

    path = write_config(CONFIG.replace("image: nginx:1.27.2", "build: {context: .}"))
    git = ["git", "-C", str(path.parent), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    head = subprocess.run([*git, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True)
    result = CliRunner().invoke(app, ["render", "prod", "-c", str(path)])
    assert result.exit_code == 0, result.output
    image = yaml.safe_load(result.output)["services"]["web"]["image"]
    assert image == f"app/web:{head.stdout.strip()}"


def test_schema_validates_examples() -> None:
    import jsonschema

    from tests.conftest import EXAMPLES

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    validator = jsonschema.Draft202012Validator(schema)
    for config in EXAMPLES.glob("*/devenv.yaml"):
        validator.validate(yaml.safe_load(config.read_text()))
    assert list(validator.iter_errors({"project": "a", "services": {"w": {"imag": "x"}}}))


def test_internal_error_is_logged_not_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from devenv.commands import schema

    def boom() -> int:
        raise RuntimeError("kaput")

    monkeypatch.setattr(schema, "run", boom)
    assert main(["schema"]) == 3
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: kaput)" in err
    assert "Traceback" not in err


def test_an_engine_error_is_said_in_words_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import requests
    from docker.errors import APIError

    from devenv.commands import schema

    def refused() -> int:
        response = requests.Response()
        response.status_code = 500
        raise APIError(
            "500 Server Error for http+docker://localhost/v1.41/containers/x/start",
            response=response,
            explanation="cannot join network of a non running container: 0123",
        )

    monkeypatch.setattr(schema, "run", refused)
    assert main(["schema"]) == 1
    err = capsys.readouterr().err
    assert "devenv: the engine refused: cannot join network of a non running container" in err
    assert "http+docker" not in err
    assert "internal error" not in err


def test_cli_runner_sees_exit_codes(write_config: Callable[..., Path]) -> None:
    bad = write_config("project: app\nservices: {}\n")
    result = CliRunner().invoke(app, ["render", "dev", "-c", str(bad)])
    assert result.exit_code == 2
    assert "services: expected at least 1 entry, got none" in result.output
