"""Rendering: devenv.yaml -> the dev and the prod Compose stacks, as plain mappings.

Pure functions of the config (and of the content of the files prod references, for the
content hashes in config and secret names): no engine, no clock, no environment. The
prod output stays within what `docker stack deploy` accepts: no `build`, `profiles`,
`include`, `extends`, top-level `name`, long-form `depends_on` or object `env_file`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec.structs

from devenv import renderkeys, renderwatch
from devenv.config import ProjectConfig, Service, environment, split_mount
from devenv.config.schema import volume_name  # noqa: F401  (part of render's interface)

Stack = dict[str, Any]

# Restarts in dev must be fast: tini as PID 1 forwards signals and reaps, and nothing
# waits the default 10 s for a process that ignores SIGTERM.
DEV_STOP_GRACE = "1s"
SECRETS_DIR = "/run/secrets"


def prod_image(cfg: ProjectConfig, name: str, tag: str) -> str:
    svc = cfg.services[name]
    if svc.image is not None:
        return svc.image
    if svc.prod.image is not None:  # the repository named in the config; devenv's tag
        return f"{_untagged(svc.prod.image)}:{tag}"
    repo = f"{cfg.project}/{name}"
    return f"{cfg.registry.rstrip('/')}/{repo}:{tag}" if cfg.registry else f"{repo}:{tag}"


def _untagged(image: str) -> str:
    image = image.partition("@")[0]
    head, _, last = image.rpartition("/")
    return f"{head}/{last.partition(':')[0]}" if head else last.partition(":")[0]


def content_hash(path: Path) -> str:
    """Short hash of a file's content: Swarm configs and secrets cannot change in place."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def relative(cfg: ProjectConfig, path: str, base_dir: Path) -> str:
    """`path` (relative to devenv.yaml) as Compose must read it from `base_dir`."""
    if os.path.isabs(path):
        return path
    return _relative(str(cfg.root.absolute()), path, str(base_dir.absolute()))


@lru_cache(maxsize=4096)
def _relative(root: str, path: str, base_dir: str) -> str:
    # cached: a big project mounts the same few folders from hundreds of services
    rel = os.path.relpath(os.path.normpath(os.path.join(root, path)), base_dir)
    return rel if rel.startswith("..") else f"./{rel}" if rel != "." else "."


def split_port(port: str | int) -> tuple[str | None, str | None, str, str]:
    """`[IP:][HOST:]CONTAINER[/proto]` -> (ip, host, container, proto)."""
    text, _, proto = str(port).partition("/")
    ip: str | None = None
    if text.startswith("["):  # IPv6 address in brackets
        end = text.index("]")
        ip, text = text[1:end], text[end + 2 :]
    parts = text.split(":")
    if len(parts) == 3:
        ip, host, container = parts
    elif len(parts) == 2:
        host, container = parts
    else:
        host, container = None, parts[0]
    return ip, host or None, container, proto or "tcp"


def _dev_port(port: str | int) -> str:
    ip, host, container, proto = split_port(port)
    suffix = "" if proto == "tcp" else f"/{proto}"
    if ip is not None:  # the config chose the interface
        return str(port)
    return f"127.0.0.1:{host or ''}:{container}{suffix}"


def _prod_ports(port: str | int, mode: str) -> list[dict[str, Any]]:
    _, host, container, proto = split_port(port)
    targets = expand_ports(container)
    published = expand_ports(host) if host else [None] * len(targets)
    out = []
    for target, pub in zip(targets, published, strict=False):
        entry: dict[str, Any] = {"target": target, "protocol": proto, "mode": mode}
        if pub is not None:
            entry["published"] = pub
        out.append(entry)
    return out


def expand_ports(spec: str) -> list[int]:
    first, _, last = spec.partition("-")
    return list(range(int(first), int(last or first) + 1))


def _command(value: list[str] | str | None) -> list[str] | str | None:
    return list(value) if isinstance(value, list) else value


def _healthcheck(svc: Service) -> dict[str, Any] | None:
    if svc.healthcheck is None:
        return None
    hc = {k: v for k, v in msgspec.structs.asdict(svc.healthcheck).items() if v is not None}
    if isinstance(hc["test"], str):
        hc["test"] = ["CMD-SHELL", hc["test"]]
    return hc


def _common(svc: Service, env: dict[str, str], command: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if command is not None:
        out["command"] = command
    if env:
        out["environment"] = env
    if svc.user:
        out["user"] = svc.user
    if svc.working_dir:
        out["working_dir"] = svc.working_dir
    hc = _healthcheck(svc)
    if hc:
        out["healthcheck"] = hc
    if svc.depends_on:
        out["depends_on"] = list(svc.depends_on)
    return out


def _data_volumes(name: str, svc: Service, volumes: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for vol, path in svc.data_volumes(name):
        volumes[vol] = {}
        out.append({"type": "volume", "source": vol, "target": path})
    return out


def _secret_target(name: str, target: str | None) -> str:
    return target or f"{SECRETS_DIR}/{name}"


# Each built dev service joins the network namespace of a holder container that owns its
# ports and its name on the network. A restart then leaves the network alone: no new veth,
# no port proxy, and above all no bridge losing its last port (the kernel then drops its
# ARP entries and the first request after the restart waits a second for the next try).
# Measured on the hello service: 1.26 s from restart to served without, 0.15 s with.
HOLDER_PREFIX = "devenv-net-"
PAUSE_IMAGE = "devenv/pause:1"


def holder_name(service: str) -> str:
    return f"{HOLDER_PREFIX}{service}"


def holder_of(cfg: ProjectConfig, name: str) -> str | None:
    """The service whose network `name` holds, if `name` is a holder."""
    service = name.removeprefix(HOLDER_PREFIX)
    return service if name.startswith(HOLDER_PREFIX) and service in cfg.services else None


def _holder(name: str, ports: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "image": PAUSE_IMAGE,
        "pull_policy": "never",  # devenv makes it locally (devenv.dev.holders), nothing to pull
    }
    if ports:
        out["ports"] = ports
    out["networks"] = {"default": {"aliases": [name]}}
    out["init"] = True
    out["stop_grace_period"] = DEV_STOP_GRACE
    out["labels"] = {"io.devenv.holder": name}
    return out


# `dev.process_restart`: the service's command runs as the child of this shell, which starts
# it again on SIGHUP (the engine's kill, passed on by `init: true`'s tini) in the same
# container, network and mounts; TERM and INT stop it and the shell with it, and a command
# that exits on its own ends the container with its exit code, as without the supervisor.
# A wait cut short by a signal is waited again while the child lives (`kill -0`).
SUPERVISOR = (
    "trap 'again=1; kill $child 2>/dev/null' HUP; "
    "trap 'kill -TERM $child 2>/dev/null; wait $child; exit $?' TERM INT; "
    '"$@" & child=$!; '
    "while :; do wait $child; code=$?; "
    "if kill -0 $child 2>/dev/null; then continue; fi; "
    'if [ -n "$again" ]; then again=; "$@" & child=$!; else exit $code; fi; '
    "done"
)
SUPERVISOR_NAME = "devenv-supervise"  # the shell's $0, as `ps` shows it


def supervise(service: dict[str, Any]) -> None:
    """Run a rendered dev service's command (its entrypoint and command) under SUPERVISOR."""
    argv: list[str] = []
    for key in ("entrypoint", "command"):
        value = service.get(key)
        argv += shlex.split(value) if isinstance(value, str) else list(value or ())
    service["entrypoint"] = ["sh", "-c", SUPERVISOR, SUPERVISOR_NAME]
    service["command"] = argv


def render_dev(cfg: ProjectConfig, base_dir: Path, *, holders: bool = True) -> Stack:
    """The development stack: dev targets, source bind mounts, fast restarts, local ports,
    and the reload rules Compose can say as `develop.watch` (devenv.renderwatch).

    `holders=False` leaves out the network holders, for an engine devenv cannot make the
    pause image for (see devenv.dev.holders).
    """
    for name in cfg.services:
        if holders and holder_name(name) in cfg.services:
            raise cfg.positions.error(
                ("services", holder_name(name)),
                f"the name {holder_name(name)!r} is devenv's (the network holder of {name!r}): "
                "rename the service",
                prefer_key=True,
            )
    services: dict[str, Any] = {}
    volumes: dict[str, Any] = {}
    secrets: dict[str, Any] = {}
    top = renderkeys.new_top()
    for name, svc in cfg.services.items():
        out: dict[str, Any] = {}
        if svc.build is not None:
            build: dict[str, Any] = {"context": relative(cfg, svc.build.context, base_dir)}
            if svc.build.dockerfile != "Dockerfile":
                build["dockerfile"] = svc.build.dockerfile
            target = svc.dev.target or svc.build.target
            if target:
                build["target"] = target
            if svc.build.args:
                build["args"] = dict(svc.build.args)
            out["build"] = build
        else:
            out["image"] = svc.image
        env = {**environment(svc.environment), **environment(svc.dev.environment)}
        out.update(_common(svc, env, _command(svc.dev.command or svc.command)))
        ports = [_dev_port(p) for p in svc.side_ports("dev")]
        if holders and svc.build is not None:
            services[holder_name(name)] = _holder(name, ports)
            out["network_mode"] = f"service:{holder_name(name)}"
            out["depends_on"] = [holder_name(name), *out.get("depends_on", [])]
        elif ports:
            out["ports"] = ports
        mounts = [_bind(cfg, m, base_dir) for m in svc.dev.mounts]
        mounts += _data_volumes(name, svc, volumes)
        if mounts:
            out["volumes"] = mounts
        dev_secrets = _dev_secrets(cfg, svc, base_dir, secrets)
        if dev_secrets:
            out["secrets"] = dev_secrets
        out["init"] = True
        out["stop_grace_period"] = DEV_STOP_GRACE
        out["labels"] = {"io.devenv.service": name}
        watch = renderwatch.watch(svc, lambda path: relative(cfg, path, base_dir))
        if watch:  # `docker compose watch` on this file reloads as `devenv up` does
            out["develop"] = {"watch": watch}
        holder = services.get(holder_name(name)) if holders and svc.build is not None else None
        services[name] = renderkeys.dev_service(cfg, name, out, top, holder, base_dir)
        if svc.dev.process_restart:
            supervise(services[name])
    stack: Stack = {"name": f"{cfg.project}-dev", "services": services}
    if volumes:
        stack["volumes"] = volumes
    if secrets:
        stack["secrets"] = secrets
    return renderkeys.top_level(cfg, stack, top)


def _bind(cfg: ProjectConfig, mount: str, base_dir: Path) -> dict[str, Any]:
    source, target, mode = split_mount(mount)
    out: dict[str, Any] = {
        "type": "bind",
        "source": relative(cfg, source, base_dir),
        "target": target,
    }
    if mode == "ro":
        out["read_only"] = True
    return out


def _dev_secrets(
    cfg: ProjectConfig, svc: Service, base_dir: Path, top: dict[str, Any]
) -> list[dict[str, str]]:
    """Dev secrets are files, mounted at the target prod uses, so the app reads them alike."""
    prod_targets = {s.name: _secret_target(s.name, s.target) for s in svc.prod.secrets}
    files = {s.name: (s.file, s.target) for s in svc.prod.secrets if s.file}
    files.update({s.name: (s.file, s.target) for s in svc.dev.secrets})
    out = []
    for name, (file, target) in files.items():
        top[name] = {"file": relative(cfg, file, base_dir)}
        out.append(
            {"source": name, "target": target or prod_targets.get(name) or f"{SECRETS_DIR}/{name}"}
        )
    return out


def render_prod(
    cfg: ProjectConfig,
    base_dir: Path,
    tag: str,
    digests: Mapping[str, str] | None = None,
    *,
    secret_key: bytes | None = None,
) -> Stack:
    """The production stack: pinned images, named volumes, configs and secrets, deploy.

    A file secret is named with an HMAC of its content under `secret_key` (default: this
    project's key in the user's state folder, read only when there is a file secret)."""
    if secret_key is None and any(
        s.file for svc in cfg.services.values() for s in svc.prod.secrets
    ):
        from devenv.secretkey import project_key

        secret_key = project_key(cfg.project)
    services: dict[str, Any] = {}
    volumes: dict[str, Any] = {}
    configs: dict[str, Any] = {}
    secrets: dict[str, Any] = {}
    top = renderkeys.new_top()
    for name, svc in cfg.services.items():
        image = prod_image(cfg, name, tag)
        if digests and name in digests:
            image = f"{image.partition('@')[0]}@{digests[name]}"
        out: dict[str, Any] = {"image": image}
        env = {**environment(svc.environment), **environment(svc.prod.environment)}
        out.update(_common(svc, env, _command(svc.command)))
        mode = svc.prod.publish_mode
        ports = [entry for p in svc.side_ports("prod") for entry in _prod_ports(p, mode)]
        if ports:
            out["ports"] = ports
        data = _data_volumes(name, svc, volumes)
        if data:
            out["volumes"] = data
        if svc.prod.configs:
            out["configs"] = [
                _prod_config(cfg, (name, i), base_dir, configs)
                for i in range(len(svc.prod.configs))
            ]
        if svc.prod.secrets:
            out["secrets"] = [
                _prod_secret(cfg, (name, i), base_dir, secrets, secret_key or b"")
                for i in range(len(svc.prod.secrets))
            ]
        out["init"] = True
        out["deploy"] = _deploy(svc, has_host_ports=bool(ports) and mode == "host")
        services[name] = renderkeys.prod_service(cfg, name, out, top)
    stack: Stack = {"services": services}
    for section, value in (("volumes", volumes), ("configs", configs), ("secrets", secrets)):
        if value:
            stack[section] = value
    return renderkeys.top_level(cfg, stack, top, prod=True)


def _file_hash(
    cfg: ProjectConfig, key_path: tuple[str | int, ...], file: str, key: bytes | None = None
) -> str:
    try:
        if key is not None:
            from devenv.secretkey import secret_digest

            return secret_digest(key, (cfg.root / file).read_bytes())
        return content_hash(cfg.root / file)
    except OSError as exc:
        raise cfg.positions.error(key_path, f"cannot read {file!r}: {exc.strerror}") from None


def _prod_config(
    cfg: ProjectConfig, where: tuple[str, int], base_dir: Path, top: dict[str, Any]
) -> dict[str, str]:
    name, i = where
    conf = cfg.services[name].prod.configs[i]
    digest = _file_hash(cfg, ("services", name, "prod", "configs", i, "source"), conf.source)
    slug = re.sub(r"[^a-zA-Z0-9_.-]+", "-", os.path.basename(conf.source)).strip("-.")
    key = f"{slug or 'config'}-{digest}"
    top[key] = {"file": relative(cfg, conf.source, base_dir)}
    return {"source": key, "target": conf.target}


def _prod_secret(
    cfg: ProjectConfig, where: tuple[str, int], base_dir: Path, top: dict[str, Any], hmac_key: bytes
) -> dict[str, str]:
    name, i = where
    secret = cfg.services[name].prod.secrets[i]
    if secret.file is None:  # external: created on the swarm beforehand
        key = secret.name
        top[key] = {"external": True, "name": secret.name}
    else:  # named by a keyed hash: a plain one would let a guess be checked offline
        path = ("services", name, "prod", "secrets", i, "file")
        key = f"{secret.name}-{_file_hash(cfg, path, secret.file, hmac_key)}"
        top[key] = {"file": relative(cfg, secret.file, base_dir)}
    return {"source": key, "target": _secret_target(secret.name, secret.target)}


def _deploy(svc: Service, *, has_host_ports: bool) -> dict[str, Any]:
    prod = svc.prod
    # Two tasks cannot bind one host port: start-first would deadlock the rollout.
    order = prod.update.order or ("stop-first" if has_host_ports else "start-first")
    update: dict[str, Any] = {
        "parallelism": prod.update.parallelism,
        "order": order,
        "failure_action": "rollback",
        "monitor": prod.update.monitor,
    }
    if prod.update.delay:
        update["delay"] = prod.update.delay
    deploy: dict[str, Any] = {
        "replicas": prod.replicas,
        **({"endpoint_mode": "dnsrr"} if prod.endpoint_mode == "dnsrr" else {}),
        "update_config": update,
        "rollback_config": {"parallelism": 0, "order": order},
        "restart_policy": {"condition": prod.restart, "delay": "5s"},
    }
    limits = {}
    if prod.resources.cpus is not None:
        limits["cpus"] = str(prod.resources.cpus)
    if prod.resources.memory is not None:
        limits["memory"] = prod.resources.memory
    if limits:
        deploy["resources"] = {"limits": limits}
    return deploy
