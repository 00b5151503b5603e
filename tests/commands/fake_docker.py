"""A stand-in `docker` CLI on PATH for command tests that must not need the engine.

It answers `docker --version` as CLI 28.2.2, appends every other argv to a log and answers
`docker compose version --format json`; the
Engine API client is replaced by a stub, so `engine.check()` passes without an engine.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import NamedTuple

import pytest

from devenv import engine
from devenv.dev import holders as pause

SCRIPT = """\
#!/bin/sh
# devenv asks the CLI its version once a process (engine.docker_cli); not logged as a call
[ "$1" = --version ] && echo 'Docker version 28.2.2, build fake' && exit 0
printf '%s\\n' "$*" >> {log}
if [ "$1 $2" = "compose version" ]; then
  [ -n "{version}" ] && echo '{{"version": "{version}"}}' && exit 0
  echo "docker: 'compose' is not a docker command." >&2
  exit 1
fi
{extra}
exit {code}
"""


class FakeDocker(NamedTuple):
    log: Path

    def calls(self) -> list[list[str]]:
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        return [shlex.split(line) for line in lines]

    def compose_calls(self) -> list[list[str]]:
        """The Compose subcommands run, after the global `-p/-f/--project-directory`."""
        return [c[7:] for c in self.calls() if c[:2] == ["compose", "-p"]]


def install(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    version: str = "v2.40.3",
    code: int = 0,
    extra: str = "",
    stub_engine: bool = True,
) -> FakeDocker:
    folder = tmp_path / "fakebin"
    folder.mkdir(exist_ok=True)
    log = tmp_path / "docker-calls.log"
    script = folder / "docker"
    script.write_text(
        SCRIPT.format(log=shlex.quote(str(log)), version=version, code=code, extra=extra)
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    if stub_engine:
        monkeypatch.setattr(engine, "client", lambda: None)
        monkeypatch.setattr(engine, "project_containers", lambda *_a, **_k: [])
        monkeypatch.setattr(pause, "ensure_image", lambda: True)
    return FakeDocker(log)
