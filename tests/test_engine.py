from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from devenv import engine
from devenv.errors import DevenvError


def test_compose_argv_names_project_file_and_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEVENV_DOCKER", raising=False)
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


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Docker version 20.10.24+dfsg1, build 297e128", "20.10.24+dfsg1"),
        ("Docker version 28.2.2, build e6534b4", "28.2.2"),
        ("Docker version 19.03.15, build 99e3ed8", "19.03.15"),
        ("Docker version v26.0.0-rc1, build x", "26.0.0-rc1"),
        ("podman version 4.3.1", "4.3.1"),
        ("docker: command not found", ""),
        ("", ""),
    ],
)
def test_parse_cli_version(text: str, number: str) -> None:
    assert engine.parse_cli_version(text) == number


@pytest.fixture
def cli_stub(tmp_path: Path) -> Callable[[str], str]:
    """`cli_stub(script)`: the path of a docker CLI stand-in that runs this shell script."""

    def write(script: str) -> str:
        path = tmp_path / "docker-stub"
        path.write_text(f"#!/bin/sh\n{script}\n")
        path.chmod(0o755)
        return str(path)

    return write


@pytest.mark.parametrize(
    ("number", "needs_version", "detach"),
    [
        ("20.10.24+dfsg1", True, False),
        ("22.06.0-beta.0", True, False),
        ("23.0.0", False, False),
        ("25.0.5", False, False),
        ("26.0.0", False, True),
        ("28.2.2", False, True),
    ],
)
def test_probe_cli_says_what_the_version_can_do(
    cli_stub: Callable[[str], str], number: str, needs_version: bool, detach: bool
) -> None:
    path = cli_stub(f'echo "Docker version {number}, build abc"')
    cli = engine.probe_cli(path)
    assert (cli.path, cli.number) == (path, number)
    assert (cli.stack_needs_version, cli.stack_detach) == (needs_version, detach)


def test_too_old_cli_is_exit_2_with_found_needed_and_what_to_install(
    cli_stub: Callable[[str], str],
) -> None:
    path = cli_stub('echo "Docker version 19.03.15, build 99e3ed8"')
    with pytest.raises(DevenvError) as caught:
        engine.probe_cli(path)
    assert caught.value.exit_code == 2
    assert f"the docker CLI {path} is version 19.03.15; devenv needs 20.10 or later" in str(
        caught.value
    )
    assert "apt-get install docker.io" in str(caught.value)


@pytest.mark.parametrize(
    ("script", "phrase"),
    [
        ("echo hello", "said 'hello', not a Docker CLI version"),
        ("echo broken >&2; exit 1", "said 'broken', not a Docker CLI version"),
    ],
)
def test_cli_that_is_not_docker(cli_stub: Callable[[str], str], script: str, phrase: str) -> None:
    with pytest.raises(DevenvError, match=phrase):
        engine.probe_cli(cli_stub(script))


def test_missing_cli_named_by_devenv_docker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEVENV_DOCKER", str(tmp_path / "nowhere" / "docker"))
    assert engine.docker_bin() == str(tmp_path / "nowhere" / "docker")
    with pytest.raises(DevenvError, match=r"no docker CLI at DEVENV_DOCKER=.*nowhere"):
        engine.probe_cli(engine.docker_bin())


def test_docker_bin_defaults_to_docker_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEVENV_DOCKER", raising=False)
    assert engine.docker_bin() == "docker"
    monkeypatch.setenv("DEVENV_DOCKER", "")
    assert engine.docker_bin() == "docker"


STACK = "services:\n  web:\n    image: 127.0.0.1:5000/a/web:1\n"


@pytest.mark.parametrize(("number", "version"), [("20.10.24", "3.9"), ("28.2.2", None)])
def test_stack_for_cli_adds_version_only_where_the_loader_needs_it(
    number: str, version: str | None
) -> None:
    import yaml

    cli = engine.DockerCLI("/x/docker", engine._version_tuple(number), number)
    text = engine.stack_for_cli(STACK, cli)
    data = yaml.safe_load(text)
    assert data.get("version") == version
    assert data["services"] == yaml.safe_load(STACK)["services"]


def test_explain_never_shows_a_raw_api_error() -> None:
    import requests
    from docker.errors import APIError, NotFound

    response = requests.Response()
    response.status_code = 500
    raw = APIError(
        "500 Server Error for http+docker://localhost/v1.41/containers/abc/start",
        response=response,
        explanation="cannot join network of a non running container: 0123",
    )
    said = engine.explain(raw)
    assert said == "the engine refused: cannot join network of a non running container: 0123"
    assert "http+docker" not in said
    gone = engine.explain(NotFound("404 Client Error", explanation="No such container: abc"))
    assert gone.startswith("its container is gone")
    assert engine.explain(DevenvError("in words")) == "in words"
    lost = engine.explain(requests.exceptions.ConnectionError("Connection aborted."))
    assert lost.startswith("the engine at ")
    assert "stopped answering" in lost


def test_compose_builder_warnings_are_dropped_and_the_rest_kept() -> None:
    text = (
        'time="2026-12-02T06:03:54Z" level=warning msg="COMPOSE_BAKE=false is deprecated, '
        'support for internal compose builder will be removed in next release"\n'
        'time="x" level=warning msg="Docker Compose is configured to build using Bake, but '
        "buildx isn't installed\"\n"
        "#1 [web internal] load build definition from Dockerfile\n"
        'time="x" level=warning msg="Found orphan containers"\n'
    )
    assert engine.drop_builder_warnings(text) == (
        "#1 [web internal] load build definition from Dockerfile\n"
        'time="x" level=warning msg="Found orphan containers"\n'
    )
