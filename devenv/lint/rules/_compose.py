"""Reading Compose service entries the way Compose does: volumes, ports, environment."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from devenv.lint.subjects import Stack

MountKind = Literal["bind", "volume", "anonymous", "tmpfs", "other"]


class Mount(NamedTuple):
    position: int  # its index in `volumes`
    kind: MountKind
    source: str
    target: str


def mounts(svc: Mapping[str, Any]) -> Iterator[Mount]:
    """Each entry of the service's `volumes`, short or long syntax."""
    volumes = svc.get("volumes")
    if not isinstance(volumes, list):
        return
    for i, entry in enumerate(volumes):
        if isinstance(entry, str):
            yield _short(i, entry)
        elif isinstance(entry, Mapping):
            yield _long(i, entry)


def _short(index: int, entry: str) -> Mount:
    parts = entry.split(":")
    if len(parts) == 1:
        return Mount(index, "anonymous", "", parts[0])
    source, target = parts[0], parts[1]
    return Mount(index, "bind" if _is_path(source) else "volume", source, target)


def _is_path(source: str) -> bool:
    # Compose reads a source with a slash or starting with `.` or `~` as a host path,
    # anything else as a volume name; `${VAR}` alone could be either: taken as a name.
    return source.startswith((".", "~", "/")) or "/" in source


def _long(index: int, entry: Mapping[str, Any]) -> Mount:
    kind = str(entry.get("type", "volume"))
    source = str(entry.get("source", "") or "")
    target = str(entry.get("target", "") or "")
    if kind == "volume":
        return Mount(index, "volume" if source else "anonymous", source, target)
    if kind in ("bind", "tmpfs"):
        return Mount(index, "bind" if kind == "bind" else "tmpfs", source, target)
    return Mount(index, "other", source, target)


def tmpfs_targets(svc: Mapping[str, Any]) -> list[str]:
    value = svc.get("tmpfs")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(item).split(":", 1)[0] for item in items]


def covers(target: str, path: str) -> bool:
    """A mount at `target` holds `path`: the same folder or one above it."""
    target, path = target.rstrip("/") or "/", path.rstrip("/") or "/"
    return path == target or path.startswith(target.rstrip("/") + "/")


class Variable(NamedTuple):
    key: str | int  # the key path part: the name in a mapping, the index in a list
    name: str
    value: str | None


def environment(svc: Mapping[str, Any]) -> Iterator[Variable]:
    """The service's `environment`, mapping or `KEY=VALUE` list; None for a name alone
    (taken from the shell that runs Compose)."""
    env = svc.get("environment")
    if isinstance(env, Mapping):
        for name, value in env.items():
            yield Variable(str(name), str(name), None if value is None else _text(value))
    elif isinstance(env, list):
        for i, item in enumerate(env):
            name, eq, value = str(item).partition("=")
            yield Variable(i, name, value if eq else None)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def rendered_dev(stack: Stack) -> bool:
    """A dev stack rendered from devenv.yaml: a "stack" rule about what dev and prod share
    reports it once, on the prod stack, at the same devenv.yaml line."""
    return stack.rendered and stack.env == "dev"


def words(value: Any) -> list[str]:
    """A Compose string-or-list field (`cap_add`, `security_opt`, `env_file`) as strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []


class EnvLine(NamedTuple):
    file: Path
    line: int
    name: str
    value: str


def env_files(stack: Stack, svc: Mapping[str, Any]) -> Iterator[tuple[int, EnvLine]]:
    """(index in `env_file`, variable) for each `KEY=VALUE` line of the service's env files
    that can be read; a missing file is Compose's error to report, not a lint finding."""
    entries = svc.get("env_file")
    items = [entries] if isinstance(entries, str | Mapping) else entries
    if not isinstance(items, list) or stack.root is None:
        return
    for i, item in enumerate(items):
        name = item.get("path") if isinstance(item, Mapping) else item
        if not isinstance(name, str) or "$" in name:
            continue
        path = stack.root / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for n, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, _, value = line.removeprefix("export ").partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            elif " #" in value:
                value = value.split(" #", 1)[0].rstrip()
            yield i, EnvLine(path, n, key.strip(), value)


def host_path(source: str) -> str:
    """A bind mount's host side, normalised: `/var/run/docker.sock/` -> `/var/run/docker.sock`,
    `/` stays `/`."""
    path = source.strip()
    while "//" in path:
        path = path.replace("//", "/")
    return path.rstrip("/") or ("/" if path.startswith("/") else path)
