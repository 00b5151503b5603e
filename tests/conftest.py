from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The ShellCheck cache of `devenv lint` goes to a folder of this session, not ~/.cache."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))


@pytest.fixture(autouse=True)
def _fresh_docker_cli() -> Iterator[None]:
    """`engine.docker_cli()` is probed once a process; a test that puts a stand-in CLI on
    PATH must neither see the previous test's CLI nor leave its own to the next test."""
    from devenv import engine

    engine.docker_cli.cache_clear()
    yield
    engine.docker_cli.cache_clear()


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a devenv.yaml (and any extra files) into tmp_path and return its path."""

    def write(text: str, **files: str) -> Path:
        for name, content in files.items():
            target = tmp_path / name.replace("__", "/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content)
        path = tmp_path / "devenv.yaml"
        path.write_text(text)
        return path

    return write


def tool(name: str) -> str:
    """The path of a CLI the checks need; a missing one fails, never skips, the check."""
    import shutil

    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is not on PATH: run `bash scripts/setup`", pytrace=False)
    return path


def assert_compose_accepts(config: Path, out_dir: Path, stack: str) -> Path:
    """Render `stack` of `config` with the real CLI and have `docker compose config` read it."""
    import subprocess

    from devenv.cli import main

    out = out_dir / f"{stack}.yml"
    args = ["render", stack, "-c", str(config), "-o", str(out)]
    assert main([*args, "--tag", "v1"] if stack == "prod" else args) == 0
    proc = subprocess.run(
        [tool("docker"), "compose", "-f", str(out), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return out
