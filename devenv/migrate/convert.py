"""A Compose project, as `docker compose config` normalises it, turned into devenv.yaml.

Each side (dev, and prod when there is one) is converted on its own into devenv's service
form; what both sides say alike becomes the common part, what differs goes to `dev:` and
`prod:`, and whatever devenv cannot express goes, as Compose wrote it, into `compose:`.
Nothing is dropped: every key of the source lands somewhere, and each landing is a `Note`
for the summary. Pure: documents in, a mapping and notes out.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

Doc = dict[str, Any]

# Container keys devenv.yaml writes as Compose does, the same on a service.
PLAIN = (
    "user",
    "working_dir",
    "expose",
    "labels",
    "hostname",
    "extra_hosts",
    "cap_add",
    "cap_drop",
    "security_opt",
    "read_only",
    "tmpfs",
    "ulimits",
    "sysctls",
    "stop_signal",
    "stop_grace_period",
    "init",
    "shm_size",
    "logging",
)
# Keys only the dev stack has (Swarm rejects or ignores them).
DEV_ONLY = ("container_name", "profiles", "restart", "devices", "platform")
# What a side may set under `dev:` or `prod:` instead of the common part.
OVERRIDES = ("command", "entrypoint")
DEFAULT_SECRETS = "/run/secrets"


@dataclass
class Note:
    service: str
    what: str
    decision: bool = False  # needs a human


@dataclass
class Result:
    config: Doc
    notes: list[Note] = field(default_factory=list)
    secrets: list[tuple[str, str]] = field(default_factory=list)  # (service, variable)


@dataclass
class _Side:
    """One side of one service in devenv's form: common keys, side-only keys, leftovers."""

    common: Doc = field(default_factory=dict)
    own: Doc = field(default_factory=dict)
    compose: Doc = field(default_factory=dict)


class Converter:
    def __init__(self, root: Path, project: str) -> None:
        self.root = root
        self.project = project
        self.notes: list[Note] = []

    # --- paths ------------------------------------------------------------------------

    def rel(self, path: str) -> str:
        """An absolute path from Compose, as devenv.yaml says it (relative to its folder)."""
        if not os.path.isabs(path):
            return path
        rel = _relpath(path, str(self.root))
        if rel.startswith(".."):
            return path
        return "." if rel == "." else rel

    def inside(self, path: str) -> bool:
        return not _relpath(path, str(self.root)).startswith("..")

    # --- one side of one service --------------------------------------------------------

    def side(self, name: str, svc: Doc, top: Doc, *, dev: bool) -> _Side:
        out = _Side()
        svc = dict(svc)
        if "build" in svc:
            self._build(svc.pop("build"), out)
        if "image" in svc:
            image = svc.pop("image")
            if "build" in out.common:
                if dev:
                    out.compose["image"] = image
                else:
                    out.own["image"] = image
            else:
                out.common["image"] = image
        for key in OVERRIDES:
            if svc.get(key) is not None:
                out.common[key] = svc.pop(key)
            svc.pop(key, None)
        if "environment" in svc:
            env = _mapping(svc.pop("environment"))
            for key in [k for k, v in env.items() if v is None]:
                # `- KEY` passes the shell's value; devenv reads it the same way
                env[key] = f"${{{key}}}"
                self.notes.append(
                    Note(
                        name,
                        f"environment.{key}: passed from the shell, now ${{{key}}}: "
                        "empty, not absent, when unset",
                        decision=True,
                    )
                )
            out.common["environment"] = env
        for key in ("labels", "sysctls"):
            if isinstance(svc.get(key), list):
                svc[key] = _mapping(svc[key])
        if "env_file" in svc:
            out.common["env_file"] = self._env_files(svc.pop("env_file"))
        if "ports" in svc:
            self._ports(svc.pop("ports"), out, dev=dev)
        if "volumes" in svc:
            self._volumes(name, svc.pop("volumes"), out, dev=dev)
        if "networks" in svc:
            networks = svc.pop("networks")
            if networks != {"default": None}:
                out.common["networks"] = _networks(networks)
        if "depends_on" in svc:
            out.common["depends_on"] = _depends(svc.pop("depends_on"))
        if "healthcheck" in svc:
            self._healthcheck(svc.pop("healthcheck"), out)
        for key in PLAIN:
            if key in svc:
                out.common[key] = svc.pop(key)
        if "devices" in svc:
            svc["devices"] = [_device(d) for d in svc["devices"]]
        for key in DEV_ONLY:
            if key in svc:
                value = svc.pop(key)
                if key == "platform":
                    (out.common if dev else out.compose)[key] = value
                else:
                    (out.own if dev else out.compose)[key] = value
        if "secrets" in svc:
            self._secrets(svc.pop("secrets"), top.get("secrets", {}), out, dev=dev)
        if "configs" in svc:
            self._configs(name, svc.pop("configs"), top.get("configs", {}), out, dev=dev)
        if "develop" in svc and dev:
            self._develop(name, svc.pop("develop"), out)
        if "deploy" in svc:
            deploy = svc.pop("deploy")
            if dev:
                out.compose["deploy"] = deploy
            else:
                self._deploy(deploy, out)
        out.compose.update(svc)  # the rest, as Compose wrote it
        return out

    def _build(self, build: Doc, out: _Side) -> None:
        build = dict(build)
        mine: Doc = {"context": self.rel(build.pop("context", "."))}
        dockerfile = build.pop("dockerfile", "Dockerfile")
        if dockerfile != "Dockerfile":
            mine["dockerfile"] = dockerfile
        if build.get("target"):
            mine["target"] = build.pop("target")
        args = build.pop("args", {})
        if all(isinstance(v, str) for v in args.values()):
            if args:
                mine["args"] = args
        else:
            build["args"] = args
        out.common["build"] = mine
        if build:
            out.compose["build"] = build

    def _env_files(self, files: list[Doc]) -> list[Any]:
        out: list[Any] = []
        for f in files:
            path = self.rel(f["path"])
            rest = {k: v for k, v in f.items() if k != "path" and not (k == "required" and v)}
            out.append({"path": path, **rest} if rest else path)
        return out

    def _ports(self, ports: list[Any], out: _Side, *, dev: bool) -> None:
        short: list[Any] = []
        modes = set()
        for port in ports:
            text = _short_port(port)
            if text is None:
                out.compose["ports"] = ports
                return
            short.append(text)
            if isinstance(port, dict):
                modes.add(port.get("mode", "ingress"))
        out.common["ports"] = short
        if not dev and modes == {"host"}:
            out.own["publish_mode"] = "host"
        elif not dev and "host" in modes:
            out.compose["ports"] = ports
            del out.common["ports"]

    def _volumes(self, name: str, volumes: list[Doc], out: _Side, *, dev: bool) -> None:
        mounts, named = [], []
        for vol in volumes:
            kind = vol.get("type")
            extra = {k for k in vol if k not in ("type", "source", "target", "read_only")}
            if kind == "bind" and vol.get("bind", {}) in ({}, {"create_host_path": True}):
                extra.discard("bind")
            if kind == "volume" and vol.get("volume", {}) == {}:
                extra.discard("volume")
            ro = ":ro" if vol.get("read_only") else ""
            if kind == "bind" and not extra and dev:
                mounts.append(f"{_dotted(self.rel(vol['source']))}:{vol['target']}{ro}")
            elif kind == "volume" and vol.get("source") and not extra:
                named.append(f"{vol['source']}:{vol['target']}{ro}")
            else:
                # one mount devenv cannot say: the side's whole list goes as written
                out.compose["volumes"] = [_rel_mount(self, v) for v in volumes]
                self.notes.append(
                    Note(
                        name,
                        f"volumes ({'dev' if dev else 'prod'}): {vol.get('type')} "
                        f"mount at {vol.get('target')} kept in compose:",
                        decision=True,
                    )
                )
                return
        if mounts:
            out.own["mounts"] = mounts
        if named:
            out.common["volumes"] = named

    def _healthcheck(self, hc: Doc, out: _Side) -> None:
        hc = dict(hc)
        mine: Doc = {
            k: hc.pop(k)
            for k in ("test", "interval", "timeout", "retries", "start_period")
            if k in hc
        }
        if "test" in mine:
            out.common["healthcheck"] = mine
        else:
            hc.update(mine)
        if hc:
            out.compose["healthcheck"] = hc

    def _secrets(self, refs: list[Doc], top: Doc, out: _Side, *, dev: bool) -> None:
        entries, rest = [], []
        for ref in refs:
            source = ref["source"]
            decl = top.get(source, {})
            target = ref.get("target")
            odd = set(ref) - {"source", "target"} or set(decl) - {"file", "external", "name"}
            if odd or ("name" in decl and decl.get("external") and decl["name"] != source):
                rest.append(ref)
                continue
            entry: Doc = {"name": source}
            if decl.get("external"):
                entry["external"] = True
            elif "file" in decl:
                entry["file"] = self.rel(decl["file"])
            else:
                rest.append(ref)
                continue
            if target and target != f"{DEFAULT_SECRETS}/{source}":
                entry["target"] = target
            entries.append(entry)
        if entries:
            out.own["secrets"] = entries
        if rest:
            out.compose["secrets"] = rest

    def _configs(self, name: str, refs: list[Doc], top: Doc, out: _Side, *, dev: bool) -> None:
        entries = []
        for ref in refs:
            decl = top.get(ref["source"], {})
            if "file" not in decl or set(ref) - {"source", "target"}:
                out.compose["configs"] = refs
                return
            target = ref.get("target") or f"/{ref['source']}"
            entries.append({"source": self.rel(decl["file"]), "target": target})
        if dev:
            # Compose mounts a dev config as a read-only bind: devenv says so
            mounts = [f"{_dotted(e['source'])}:{e['target']}:ro" for e in entries]
            out.own["mounts"] = [*out.own.get("mounts", []), *mounts]
        else:
            out.own["configs"] = entries

    def _develop(self, name: str, develop: Doc, out: _Side) -> None:
        rules, ignore = [], []
        triggers = develop.get("watch", [])
        for rule in triggers:
            path = self.rel(rule["path"])
            folder = Path(self.root, path).is_file()
            # `include` patterns are relative to the path, as devenv's globs are to devenv.yaml
            globs = [f"{path.rstrip('/')}/{i}" for i in rule.get("include") or []] or [
                path if folder else f"{path.rstrip('/')}/**"
            ]
            action = rule.get("action", "sync")
            ignore += [f"{path.rstrip('/')}/{i}" for i in rule.get("ignore", [])]
            if action.startswith("sync"):
                rules.append(
                    {
                        "paths": globs,
                        "action": "sync",
                        "source": path,
                        "target": rule.get("target", "/"),
                    }
                )
            if action in ("rebuild", "restart", "sync+restart"):
                rules.append(
                    {"paths": globs, "action": "rebuild" if action == "rebuild" else "restart"}
                )
            if action == "sync+exec":
                rules.append({"paths": globs, "action": "exec", "exec": self._exec(name, rule)})
        self._overlaps(name, [self.rel(t["path"]) for t in triggers])
        if rules:
            out.own["reload"] = rules
        if ignore:
            out.own["ignore"] = ignore
        rest = {k: v for k, v in develop.items() if k != "watch"}
        if rest:
            out.compose["develop"] = rest

    def _exec(self, name: str, rule: Doc) -> str:
        hook = rule.get("exec") or {}
        command = hook.get("command") or []
        # devenv splits the command as Compose splits a string: joined, it splits back alike
        text = command if isinstance(command, str) else shlex.join(command)
        dropped = sorted(k for k, v in hook.items() if k != "command" and v not in (None, {}, []))
        if dropped:
            self.notes.append(
                Note(
                    name,
                    f"develop.watch exec {text!r}: {', '.join(dropped)} not carried, devenv "
                    "runs the command as the container's user, in its folder",
                    decision=True,
                )
            )
        return text

    def _overlaps(self, name: str, paths: list[str]) -> None:
        """Compose runs every watch entry a change matches, devenv the first rule (and those
        with the same paths): nested entries do not mean the same any more."""
        for i, outer in enumerate(paths):
            for inner in paths[i + 1 :]:
                if inner == outer:
                    continue
                a, b = sorted((inner, outer), key=len)
                if a in (".", "") or b.startswith(a.rstrip("/") + "/"):
                    self.notes.append(
                        Note(
                            name,
                            f"develop.watch paths {b!r} inside {a!r}: Compose ran both "
                            "entries on a change there, devenv runs the first rule that "
                            "matches (dev.reload order): review the rules",
                            decision=True,
                        )
                    )

    def _deploy(self, deploy: Doc, out: _Side) -> None:
        deploy = dict(deploy)
        own = out.own
        if "mode" in deploy:
            mode = deploy.pop("mode")
            if mode == "global":
                own["mode"] = "global"
            elif mode != "replicated":
                deploy["mode"] = mode
        if "replicas" in deploy:
            own["replicas"] = deploy.pop("replicas")
        if deploy.get("endpoint_mode") in ("vip", "dnsrr"):
            if deploy.pop("endpoint_mode") == "dnsrr":
                own["endpoint_mode"] = "dnsrr"
        for key in ("placement", "labels"):
            if deploy.get(key):
                own[key] = deploy.pop(key)
            elif key in deploy and not deploy[key]:
                deploy.pop(key)
        resources = self._resources(deploy.pop("resources", {}), deploy)
        if resources:
            own["resources"] = resources
        update = deploy.pop("update_config", None)
        if update:
            own["update"] = _subset(
                update,
                ("order", "parallelism", "delay", "monitor", "failure_action", "max_failure_ratio"),
                deploy,
                "update_config",
            )
        rollback = deploy.pop("rollback_config", None)
        if rollback:
            own["rollback"] = _subset(
                rollback,
                ("parallelism", "order", "delay", "monitor", "failure_action", "max_failure_ratio"),
                deploy,
                "rollback_config",
            )
        restart = deploy.pop("restart_policy", None)
        if restart:
            restart = _subset(
                restart, ("condition", "delay", "max_attempts", "window"), deploy, "restart_policy"
            )
            own["restart"] = (
                restart if set(restart) - {"condition"} else restart.get("condition", "any")
            )
        if deploy:
            out.compose["deploy"] = deploy

    def _resources(self, resources: Doc, deploy: Doc) -> Doc:
        resources = dict(resources)
        mine: Doc = {}
        limits = dict(resources.pop("limits", {}) or {})
        for key in ("cpus", "memory", "pids"):
            if key in limits:
                mine[key] = limits.pop(key)
        reservations = dict(resources.pop("reservations", {}) or {})
        kept = {k: reservations.pop(k) for k in ("cpus", "memory") if k in reservations}
        if kept:
            mine["reservations"] = kept
        left = {k: v for k, v in (("limits", limits), ("reservations", reservations)) if v}
        left.update({k: v for k, v in resources.items() if v})
        if left:
            deploy["resources"] = left
        return mine


@lru_cache(maxsize=4096)
def _relpath(path: str, root: str) -> str:
    # a big project names the same few folders hundreds of times (bind mounts, contexts)
    return os.path.relpath(path, root)


def _device(device: Any) -> Any:
    if not isinstance(device, dict) or set(device) - {"source", "target", "permissions"}:
        return device
    text = f"{device['source']}:{device.get('target') or device['source']}"
    perms = device.get("permissions")
    return f"{text}:{perms}" if perms and perms != "rwm" else text


def _mapping(value: Any) -> Doc:
    """`[KEY=VALUE, KEY]` (what merging several files gives) as a mapping."""
    if isinstance(value, dict):
        return value
    out: Doc = {}
    for item in value:
        key, eq, val = str(item).partition("=")
        out[key] = val if eq else None
    return out


def _subset(value: Doc, keys: tuple[str, ...], rest: Doc, where: str) -> Doc:
    mine = {k: v for k, v in value.items() if k in keys}
    other = {k: v for k, v in value.items() if k not in keys}
    if other:
        rest[where] = other
    return mine


def _dotted(path: str) -> str:
    return path if os.path.isabs(path) or path.startswith(".") else f"./{path}"


def _rel_mount(conv: Converter, vol: Doc) -> Doc:
    if vol.get("type") == "bind" and "source" in vol:
        return {**vol, "source": _dotted(conv.rel(vol["source"]))}
    return vol


def _short_port(port: Any) -> str | None:
    if isinstance(port, str | int):
        return str(port)
    if set(port) - {"target", "published", "protocol", "mode", "host_ip"}:
        return None
    text = str(port["target"])
    if port.get("published"):
        text = f"{port['published']}:{text}"
        if port.get("host_ip"):
            text = f"{port['host_ip']}:{text}"
    elif port.get("host_ip"):
        return None
    if port.get("protocol", "tcp") != "tcp":
        text += f"/{port['protocol']}"
    return text


def _networks(networks: Doc) -> Any:
    if all(v is None for v in networks.values()):
        return list(networks)
    return {
        n: ({k: v for k, v in conf.items() if v not in (None, [])} or None) if conf else None
        for n, conf in networks.items()
    }


def _depends(deps: Doc) -> Any:
    plain = all(
        d.get("condition", "service_started") == "service_started"
        and d.get("required", True)
        and not d.get("restart")
        for d in deps.values()
    )
    if plain:
        return list(deps)
    out = {}
    for name, d in deps.items():
        entry = {"condition": d.get("condition", "service_started")}
        if d.get("restart"):
            entry["restart"] = True
        if d.get("required") is False:
            entry["required"] = False
        out[name] = entry
    return out
