"""Rendering of the keys that say what Compose says (issue 12), beside `devenv.render`.

`render.py` builds each service as it always has; the functions here add networks, named
volumes, `depends_on` conditions, the container keys (entrypoint, env_file, labels, ...),
Swarm's mode, placement and rollback, and last the `compose:` escape hatch. A config that
sets none of them renders exactly as before (the golden files). Pure, as render is: the
only files read are prod's env files, whose content is inlined.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec.structs

from devenv.config import ProjectConfig, Service
from devenv.config.composekeys import Labels, ServiceNetworks, merge
from devenv.config.interpolate import read_dotenv

Top = dict[str, dict[str, Any]]

# Keys a container in another's network namespace may not set (Docker refuses them with
# `network_mode: service:...`): a network holder carries them for its service.
NETWORK_KEYS = ("hostname", "extra_hosts", "expose", "dns", "dns_search", "mac_address")

# Container keys rendered as written, in both stacks (platform is dev only: Swarm rejects it).
_PLAIN = (
    "expose",
    "hostname",
    "extra_hosts",
    "cap_add",
    "cap_drop",
    "security_opt",
    "read_only",
    "tmpfs",
    "sysctls",
    "stop_signal",
    "shm_size",
)


def _value(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return {
            k: _value(v)
            for k, v in msgspec.structs.asdict(value).items()
            if v is not None and v != [] and v != {}
        }
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _labels(labels: Labels) -> dict[str, str]:
    if isinstance(labels, list):
        return {k: v for k, _, v in (item.partition("=") for item in labels)}
    return {k: _text(v) for k, v in labels.items()}


def _text(value: str | int | float | bool | None) -> str:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _container(svc: Service, out: dict[str, Any], *, dev: bool) -> None:
    entrypoint = (svc.dev.entrypoint if dev else None) or svc.entrypoint
    if entrypoint is not None:
        out["entrypoint"] = list(entrypoint) if isinstance(entrypoint, list) else entrypoint
    for key in _PLAIN:
        value = getattr(svc, key)
        if value not in (None, [], {}, ""):
            out[key] = _value(value)
    if svc.ulimits:
        out["ulimits"] = _value(svc.ulimits)
    if svc.logging is not None:
        out["logging"] = _value(svc.logging)
    if svc.init is not None:
        out["init"] = svc.init
    if svc.stop_grace_period is not None:
        out["stop_grace_period"] = svc.stop_grace_period
    if svc.labels:
        out["labels"] = {**_labels(svc.labels), **out.get("labels", {})}


def _mounts(svc: Service, out: dict[str, Any], top: Top) -> None:
    mounts = []
    for spec in svc.volumes:
        name, target, *mode = spec.split(":")
        mount: dict[str, Any] = {"type": "volume", "source": name, "target": target}
        if mode == ["ro"]:
            mount["read_only"] = True
        mounts.append(mount)
        top["volumes"].setdefault(name, {})
    if mounts:
        out["volumes"] = [*out.get("volumes", []), *mounts]


def service_networks(networks: ServiceNetworks) -> dict[str, dict[str, Any] | None]:
    if isinstance(networks, list):
        return {n: None for n in networks}
    return {n: _value(v) if v is not None else None for n, v in networks.items()}


def _aliased(name: str, networks: Any) -> dict[str, Any]:
    if isinstance(networks, list):
        networks = {n: None for n in networks}
    out: dict[str, Any] = {}
    for net, conf in networks.items():
        conf = dict(conf or {})
        conf["aliases"] = [name, *[a for a in conf.get("aliases", []) if a != name]]
        out[net] = conf
    return out


def _dev_depends(svc: Service, out: dict[str, Any], holder: str | None) -> None:
    if not isinstance(svc.depends_on, dict):
        return
    deps: dict[str, Any] = {}
    if holder is not None:
        deps[holder] = {"condition": "service_started"}
    deps.update({n: _value(d) for n, d in svc.depends_on.items()})
    out["depends_on"] = deps


def dev_service(
    cfg: ProjectConfig,
    name: str,
    out: dict[str, Any],
    top: Top,
    holder: dict[str, Any] | None,
    base_dir: Path,
) -> dict[str, Any]:
    """`out` (the service as render_dev built it) with the Compose keys of the config."""
    svc = cfg.services[name]
    _container(svc, out, dev=True)
    if svc.platform:
        out["platform"] = svc.platform
    if svc.env_file:
        out["env_file"] = _env_files(cfg, svc, base_dir)
    dev = svc.dev
    for key in ("devices", "container_name", "profiles", "restart"):
        value = getattr(dev, key)
        if value:
            out[key] = list(value) if isinstance(value, list) else value
    _mounts(svc, out, top)
    networks = svc.side_networks("dev")
    if networks:
        out["networks"] = service_networks(networks)
    _dev_depends(svc, out, f"devenv-net-{name}" if holder is not None else None)
    out = merge(merge(out, svc.compose), dev.compose)
    if holder is not None:
        _to_holder(name, out, holder)
        if dev.profiles:
            holder["profiles"] = list(dev.profiles)
    return out


def _to_holder(name: str, out: dict[str, Any], holder: dict[str, Any]) -> None:
    """What belongs to the network namespace moves to the holder that owns it."""
    holder["networks"] = _aliased(name, out.pop("networks", None) or {"default": None})
    if "ports" in out:  # from `compose:`: the holder publishes them
        holder["ports"] = out.pop("ports")
    for key in NETWORK_KEYS:
        if key in out:
            holder[key] = out.pop(key)
    sysctls = out.get("sysctls")
    if isinstance(sysctls, dict) and any(k.startswith("net.") for k in sysctls):
        # net.* sysctls belong to the network namespace: its owner sets them
        holder["sysctls"] = {k: v for k, v in sysctls.items() if k.startswith("net.")}
        rest = {k: v for k, v in sysctls.items() if not k.startswith("net.")}
        out.pop("sysctls")
        if rest:
            out["sysctls"] = rest


def _env_files(cfg: ProjectConfig, svc: Service, base_dir: Path) -> list[Any]:
    from devenv.render import relative

    files = [svc.env_file] if isinstance(svc.env_file, str) else svc.env_file
    return [
        relative(cfg, f, base_dir)
        if isinstance(f, str)
        else {**_value(f), "path": relative(cfg, f.path, base_dir)}
        for f in files
    ]


def _inline_env(cfg: ProjectConfig, name: str, svc: Service) -> dict[str, str]:
    """Prod: the env files read now (Swarm's loader rejects their object form)."""
    out: dict[str, str] = {}
    files = [svc.env_file] if isinstance(svc.env_file, str) else svc.env_file
    for i, entry in enumerate(files):
        path, required = (entry, True) if isinstance(entry, str) else (entry.path, entry.required)
        file = cfg.root / path
        if not file.is_file():
            if not required:
                continue
            at = ("services", name, "env_file", *(() if isinstance(svc.env_file, str) else (i,)))
            raise cfg.positions.error(at, f"cannot read env file {path!r}")
        out.update(read_dotenv(file))
    return out


def prod_service(cfg: ProjectConfig, name: str, out: dict[str, Any], top: Top) -> dict[str, Any]:
    """`out` (the service as render_prod built it) with the Compose keys of the config."""
    svc = cfg.services[name]
    _container(svc, out, dev=False)
    if svc.env_file:
        env = {**_inline_env(cfg, name, svc), **out.get("environment", {})}
        if env:
            out["environment"] = env
    _mounts(svc, out, top)
    networks = svc.side_networks("prod")
    if networks:
        out["networks"] = service_networks(networks)
    _deploy(svc, out["deploy"])
    return merge(merge(out, svc.compose), svc.prod.compose)  # type: ignore[no-any-return]


def _deploy(svc: Service, deploy: dict[str, Any]) -> None:
    prod = svc.prod
    if prod.mode == "global":
        deploy.pop("replicas", None)
        deploy["mode"] = "global"
    if prod.placement is not None:
        deploy["placement"] = _value(prod.placement)
    if prod.labels:
        deploy["labels"] = _labels(prod.labels)
    if prod.rollback is not None:
        rollback = _value(prod.rollback)
        rollback.setdefault("parallelism", 0)
        rollback.setdefault("order", deploy["rollback_config"]["order"])
        deploy["rollback_config"] = rollback
    if prod.update.failure_action != "rollback":
        deploy["update_config"]["failure_action"] = prod.update.failure_action
    if prod.update.max_failure_ratio is not None:
        deploy["update_config"]["max_failure_ratio"] = prod.update.max_failure_ratio
    if not isinstance(prod.restart, str):
        deploy["restart_policy"] = _value(prod.restart)
    resources = prod.resources
    if resources.pids is not None:
        deploy.setdefault("resources", {}).setdefault("limits", {})["pids"] = resources.pids
    if resources.reservations is not None:
        reservations = _value(resources.reservations)
        if "cpus" in reservations:
            reservations["cpus"] = str(reservations["cpus"])
        deploy.setdefault("resources", {})["reservations"] = reservations


def _swarm_network(conf: dict[str, Any]) -> dict[str, Any]:
    """A network as a swarm has it: a local bridge becomes the stack's overlay, and its
    address pools say only a subnet (all that Swarm's loader accepts)."""
    if conf.get("driver") == "bridge":
        conf.pop("driver")
        conf.pop("driver_opts", None)
    ipam = conf.get("ipam")
    if ipam and ipam.get("config"):
        ipam["config"] = [{"subnet": p["subnet"]} for p in ipam["config"] if "subnet" in p]
    return conf


def top_level(
    cfg: ProjectConfig, stack: dict[str, Any], top: Top, *, prod: bool = False
) -> dict[str, Any]:
    """The stack's top-level networks and volumes, then `x-compose:` merged last."""
    volumes = {**top["volumes"], **{n: _value(v) for n, v in cfg.volumes.items()}}
    if volumes:
        stack["volumes"] = {**stack.get("volumes", {}), **volumes}
    # only the networks this stack's services join: dev and prod may name different ones
    used = {n for svc in stack["services"].values() for n in svc.get("networks") or ()}
    networks = {n: _value(v) for n, v in cfg.networks.items() if n in used}
    if prod:
        networks = {n: _swarm_network(v) for n, v in networks.items()}
    if networks:
        stack["networks"] = networks
    for section in ("volumes", "networks"):
        for conf in stack.get(section, {}).values():
            if conf.get("external") is False:
                conf.pop("external")
    return merge(stack, cfg.x_compose)  # type: ignore[no-any-return]


def new_top() -> Top:
    return {"volumes": {}}
