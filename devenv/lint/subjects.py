"""What lint rules check besides a Dockerfile: a Compose stack and the project config.

A `Stack` is the Compose mapping of one environment: rendered from devenv.yaml (then its
positions are the config's, so a finding points at the line the user edits) or a Compose
file written by hand (positions from its own YAML node marks).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from devenv.errors import PathPart

if TYPE_CHECKING:
    from devenv.config import ProjectConfig, Service
    from devenv.lint.dockerfile import Dockerfile

KeyPath = tuple[PathPart, ...]
Env = Literal["dev", "prod"]
_EMPTY: Mapping[Any, Any] = MappingProxyType({})


class Stack(NamedTuple):
    """One Compose stack. `positions` maps a key path such as `("services", "db",
    "volumes", 0)` to its (line, column); `at()` falls back to the nearest ancestor."""

    path: str
    env: Env
    data: Mapping[str, Any]
    positions: Mapping[KeyPath, tuple[int, int]] = _EMPTY
    config: ProjectConfig | None = None
    rendered: bool = False
    # A prod stack rendered for a promote, with the digests the registry reported: every
    # image must then be pinned by digest (DV204).
    promoted: bool = False
    # The Dockerfiles the config's services build, by service (DV205 reads HEALTHCHECK).
    dockerfiles: Mapping[str, Dockerfile] = _EMPTY
    # The node count of the swarm the stack is linted for (a promote knows it; DV212).
    nodes: int | None = None
    # The folder a hand-written Compose file is in: `env_file` paths are relative to it.
    root: Path | None = None
    # A hand-written file's text, for its `# devenv ignore=` comments.
    text: str = ""
    # The VOLUME folders each image declares, for the images the local engine has (DV202).
    image_volumes: Mapping[str, tuple[str, ...]] = _EMPTY

    def at(self, *key_path: PathPart) -> tuple[int, int]:
        """Where a Compose key path was written; in a rendered stack, the devenv.yaml key
        it was rendered from (`services.db.volumes[0]` -> `services.db.data[0]`)."""
        path = tuple(key_path)
        if self.rendered and self.config is not None:
            path = config_path(self.config, self.env, path)
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


def config_path(cfg: ProjectConfig, env: Env, path: KeyPath) -> KeyPath:
    """The devenv.yaml key path a rendered Compose key path comes from (see render.py)."""
    from devenv.render import holder_of

    if len(path) >= 2 and path[0] == "services" and (held := holder_of(cfg, str(path[1]))):
        path = ("services", held, *path[2:])  # a network holder publishes its service's ports
    if len(path) < 3 or path[0] != "services" or path[1] not in cfg.services:
        return path[:2]
    name = str(path[1])
    svc, base, key, rest = cfg.services[name], path[:2], path[2], path[3:]
    if key == "image":
        return (*base, "image" if svc.image is not None else "build")
    side = svc.dev if env == "dev" else svc.prod
    if key == "ports" and rest and isinstance(rest[0], int):
        where = (*base, env, "ports") if side.ports is not None else (*base, "ports")
        return (*where, _port_index(svc.side_ports(env), rest[0], expand=env == "prod"))
    if key == "networks" and side.networks is not None:
        return (*base, env, "networks", *rest)
    if key == "environment" and rest:
        return _env_path(svc, env, base, str(rest[0]))
    if key == "volumes" and rest and isinstance(rest[0], int):
        mounts = len(svc.dev.mounts) if env == "dev" else 0
        i = rest[0]
        if i < mounts:
            return (*base, "dev", "mounts", i)
        if i - mounts < len(svc.data):
            return (*base, "data", i - mounts)
        return (*base, "volumes", i - mounts - len(svc.data))
    if key == "command" and env == "dev" and svc.dev.command is not None:
        return (*base, "dev", "command")
    if key in ("secrets", "configs"):
        # Dev merges prod's file secrets with its own: indexes match in prod only.
        return (*base, env, key, *(rest[:1] if env == "prod" else ()))
    if key == "deploy":
        return (
            *base,
            "prod",
            *_DEPLOY.get(rest[-1:] if rest[:1] == ("resources",) else rest[:1], ()),
        )
    if key in ("healthcheck", "depends_on", "user", "working_dir", "build", "command"):
        return (*base, key, *rest)
    if key in _SERVICE_KEYS:  # issue 12: the Compose keys devenv.yaml says as Compose does
        return (*base, key, *rest)
    return base


_SERVICE_KEYS = frozenset(
    (
        *("entrypoint", "env_file", "networks", "expose", "labels", "hostname", "extra_hosts"),
        *("cap_add", "cap_drop", "security_opt", "read_only", "tmpfs", "ulimits", "sysctls"),
        *("stop_signal", "stop_grace_period", "init", "platform", "shm_size", "logging"),
    )
)

# `deploy` keys -> `prod` keys (the last key under `deploy.resources`).
_DEPLOY: dict[KeyPath, KeyPath] = {
    ("memory",): ("resources", "memory"),
    ("cpus",): ("resources", "cpus"),
    ("limits",): ("resources",),
    ("resources",): ("resources",),
    ("restart_policy",): ("restart",),
    ("replicas",): ("replicas",),
    ("update_config",): ("update",),
    ("rollback_config",): ("update",),
}


def _port_index(ports: Sequence[str | int], index: int, *, expand: bool) -> int:
    # Prod publishes a range "8000-8002:80-82" as one entry per port.
    seen = 0
    for i, port in enumerate(ports):
        spec = str(port).partition("/")[0].rsplit(":", 1)[-1]
        first, _, last = spec.partition("-")
        seen += int(last or first) - int(first) + 1 if expand else 1
        if index < seen:
            return i
    return index


def _env_path(svc: Service, env: Env, base: KeyPath, var: str) -> KeyPath:
    section = svc.dev.environment if env == "dev" else svc.prod.environment
    for prefix, values in (
        ((*base, env, "environment"), section),
        ((*base, "environment"), svc.environment),
    ):
        if isinstance(values, dict):
            if var in values:
                return (*prefix, var)
        else:
            for i, item in enumerate(values):
                if item.partition("=")[0] == var:
                    return (*prefix, i)
    return (*base, "environment")


class Project(NamedTuple):
    """The config with the Dockerfiles its services build (service name -> Dockerfile)."""

    path: str
    config: ProjectConfig
    dockerfiles: Mapping[str, Dockerfile] = _EMPTY

    def at(self, *key_path: PathPart) -> tuple[int, int]:
        return self.config.positions.of(tuple(key_path), prefer_key=True)


def load_stack(path: Path, env: Env, display: str | None = None) -> Stack:
    """A Compose file written by hand; a bad one raises a positioned DevenvError."""
    from devenv.config import yamlload

    loaded = yamlload.load_file(path, display)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    positions = {**loaded.positions.value, **loaded.positions.key}
    text = path.read_text(encoding="utf-8", errors="replace")
    return Stack(display or str(path), env, data, positions, root=path.parent, text=text)


def stack_from_text(
    text: str, env: Env, path: str = "compose.yaml", root: Path | None = None
) -> Stack:
    from devenv.config import yamlload

    loaded = yamlload.loads(text, path)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    positions = {**loaded.positions.value, **loaded.positions.key}
    return Stack(path, env, data, positions, root=root, text=text)
