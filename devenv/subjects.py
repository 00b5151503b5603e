"""What lint rules check besides a Dockerfile: a Compose stack and the project config.

A `Stack` is the Compose mapping of one environment: rendered from devenv.yaml (then its
positions are the config's, so a finding points at the line the user edits) or a Compose
file written by hand (positions from its own YAML node marks).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from devenv.errors import PathPart

if TYPE_CHECKING:
    from devenv.config import ProjectConfig
    from devenv.dockerfile import Dockerfile

KeyPath = tuple[PathPart, ...]
Env = Literal["dev", "prod"]


@dataclass(frozen=True)
class Stack:
    """One Compose stack. `positions` maps a key path such as `("services", "db",
    "volumes", 0)` to its (line, column); `at()` falls back to the nearest ancestor."""

    path: str
    env: Env
    data: Mapping[str, Any]
    positions: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)
    config: ProjectConfig | None = None
    rendered: bool = False

    def at(self, *key_path: PathPart) -> tuple[int, int]:
        path = tuple(key_path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def services(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(name, service mapping) for each service that is a mapping."""
        services = self.data.get("services")
        if isinstance(services, Mapping):
            for name, svc in services.items():
                if isinstance(svc, Mapping):
                    yield str(name), svc


@dataclass(frozen=True)
class Project:
    """The config with the Dockerfiles its services build (service name -> Dockerfile)."""

    path: str
    config: ProjectConfig
    dockerfiles: Mapping[str, Dockerfile] = field(default_factory=dict)

    def at(self, *key_path: PathPart) -> tuple[int, int]:
        return self.config.positions.of(tuple(key_path), prefer_key=True)


def load_stack(path: Path, env: Env, display: str | None = None) -> Stack:
    """A Compose file written by hand; a bad one raises a positioned DevenvError."""
    from devenv import yamlload

    loaded = yamlload.load_file(path, display)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    positions = {**loaded.positions.value, **loaded.positions.key}
    return Stack(display or str(path), env, data, positions)


def stack_from_text(text: str, env: Env, path: str = "compose.yaml") -> Stack:
    from devenv import yamlload

    loaded = yamlload.loads(text, path)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    return Stack(path, env, data, {**loaded.positions.value, **loaded.positions.key})
