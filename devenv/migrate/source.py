"""What `docker compose` itself reads in a folder, read by `docker compose config`.

The real Compose parses, merges (`-f` files, the override, `extends`, `include`) and
normalises, so the import sees exactly what Compose would run; a file Compose rejects is
Compose's own error, with its position, as a DevenvError (exit 2).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from devenv.engine import cli_env, docker_bin
from devenv.errors import DevenvError
from devenv.migrate import dockercli

MAIN_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")


def compose_files_env(root: Path) -> list[str] | None:
    """COMPOSE_FILE, from the environment or the folder's .env, as Compose reads it."""
    dotenv = _dotenv(root)
    value = os.environ.get("COMPOSE_FILE") or dotenv.get("COMPOSE_FILE")
    if not value:
        return None
    sep = os.environ.get("COMPOSE_PATH_SEPARATOR") or dotenv.get(
        "COMPOSE_PATH_SEPARATOR", os.pathsep
    )
    return [f for f in value.split(sep) if f]


def _dotenv(root: Path) -> dict[str, str]:
    if not (root / ".env").exists():
        return {}
    # imported only here: devenv.config (YAML, msgspec) is not needed to start Compose
    from devenv.config.interpolate import read_dotenv

    return read_dotenv(root / ".env")


def main_file(root: Path) -> str:
    """The file Compose reads first in `root` (without its override)."""
    for name in MAIN_FILES:
        if (root / name).is_file():
            return name
    raise DevenvError(
        f"no Compose file in {root}: expected one of {', '.join(MAIN_FILES)}, "
        "or give the files with -f FILE"
    )


def dev_files(root: Path, files: Sequence[str]) -> list[str]:
    """The files of the dev side: as given, else COMPOSE_FILE, else the main file and its
    override (what `docker compose` reads with no -f)."""
    if files:
        return list(files)
    listed = compose_files_env(root)
    if listed:
        return listed
    first = main_file(root)
    stem, _, ext = first.rpartition(".")
    override = f"{stem}.override.{ext}"
    return [first, override] if (root / override).is_file() else [first]


def base_files(root: Path, files: Sequence[str]) -> list[str]:
    """What a production overlay goes on: the given files, else the main file alone."""
    return list(files) if files else (compose_files_env(root) or [main_file(root)])


class Reading:
    """`docker compose config` of one set of files, started and not yet waited for."""

    def __init__(self, root: Path, running: dockercli.Running) -> None:
        self.root, self.running = root, running

    def doc(self) -> dict[str, Any]:
        """What Compose read, as a mapping; its error, as Compose said it, if it rejects."""
        proc = self.running.result()
        if proc.returncode != 0:
            raise DevenvError(
                f"docker compose rejects the project in {self.root}:\n{proc.stderr.strip()}"
            )
        # msgspec: devenv's dependency already, and thrice as fast as json on a big project
        import msgspec

        data: dict[str, Any] = msgspec.json.decode(proc.stdout)
        return data


def start_config(
    root: Path,
    files: Sequence[str],
    *,
    interpolate: bool = False,
    project: str | None = None,
    extra: Sequence[str] = (),
    timeout: float = dockercli.DEFAULT_TIMEOUT,
) -> Reading:
    """Start `docker compose config --format json` of `files` in `root`; a Compose that
    does not answer within `timeout` seconds is stopped (dockercli.CLITimeout)."""
    argv = [docker_bin(), "compose", "--project-directory", str(root)]
    if project:
        argv += ["-p", project]
    for f in files:
        argv += ["-f", str(f)]
    argv += [*extra, "config", "--format", "json"]
    if not interpolate:
        argv.append("--no-interpolate")
    env = cli_env()
    if files:  # the files are named with -f: the environment's default list is not wanted
        env.pop("COMPOSE_FILE", None)
    env.setdefault("COMPOSE_PROFILES", "*")
    return Reading(root, dockercli.start(argv, cwd=root, env=env, timeout=timeout))


def config(
    root: Path,
    files: Sequence[str],
    *,
    interpolate: bool = False,
    project: str | None = None,
    extra: Sequence[str] = (),
    timeout: float = dockercli.DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """`docker compose config --format json` of `files` in `root`, as a mapping."""
    reading = start_config(
        root, files, interpolate=interpolate, project=project, extra=extra, timeout=timeout
    )
    return reading.doc()
