"""Semantic difference between two stacks (issue 6, `devenv diff`).

Both sides are reduced to the facts that matter per service — image, replicas, ports,
mounts (bind or volume), configs, secrets, environment, healthcheck, limits — so that two
spellings of the same thing (a short and a long port, a stack-prefixed and a bare secret
name, `32M` and 33554432 bytes) are equal, and what differs reads as a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIALS", re.I)
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


class Facts(NamedTuple):
    image: str
    replicas: str
    ports: frozenset[str]
    mounts: frozenset[str]
    configs: frozenset[str]
    secrets: frozenset[str]
    environment: Mapping[str, str]
    healthcheck: str
    limits: str


class Change(NamedTuple):
    service: str
    aspect: str
    left: str
    right: str


def stack_facts(stack: Mapping[str, Any]) -> dict[str, Facts]:
    return {name: service_facts(svc) for name, svc in (stack.get("services") or {}).items()}


def service_facts(svc: Mapping[str, Any]) -> Facts:
    deploy = svc.get("deploy") or {}
    return Facts(
        image=_image(svc),
        replicas=str(deploy.get("replicas", 1)) if deploy.get("mode") != "global" else "global",
        ports=frozenset(_port(p) for p in svc.get("ports") or ()),
        mounts=frozenset(_mount(m) for m in svc.get("volumes") or ()),
        configs=frozenset(_file_ref(c, "/") for c in svc.get("configs") or ()),
        secrets=frozenset(_file_ref(s, "/run/secrets/") for s in svc.get("secrets") or ()),
        environment=_env(svc.get("environment")),
        healthcheck=_healthcheck(svc.get("healthcheck")),
        limits=_limits(((deploy.get("resources") or {}).get("limits")) or {}),
    )


def _image(svc: Mapping[str, Any]) -> str:
    build = svc.get("build")
    if build is None:
        return str(svc.get("image", "?"))
    if isinstance(build, str):
        return f"build {build}"
    target = f" (target {build['target']})" if build.get("target") else ""
    return f"build {build.get('context', '.')}{target}"


def _port(port: Any) -> str:
    if isinstance(port, Mapping):
        pub = port.get("published")
        head = f"{pub}->" if pub is not None else ""
        ip = f"{port['host_ip']}:" if port.get("host_ip") else ""
        mode = f" {port['mode']}" if port.get("mode", "ingress") != "ingress" else ""
        return f"{ip}{head}{port['target']}/{port.get('protocol', 'tcp')}{mode}"
    text, _, proto = str(port).partition("/")
    *outer, target = text.rsplit(":", 2)
    head = ":".join(outer)
    return f"{head}->{target}/{proto or 'tcp'}" if head else f"{target}/{proto or 'tcp'}"


def _mount(mount: Any) -> str:
    if isinstance(mount, Mapping):
        kind, source, target = mount.get("type", "volume"), mount.get("source"), mount["target"]
        ro = " (ro)" if mount.get("read_only") else ""
    else:
        parts = str(mount).split(":")
        source, target = (parts[0], parts[1]) if len(parts) > 1 else (None, parts[0])
        kind = "bind" if source and source[0] in "./~" else "volume"
        ro = " (ro)" if parts[2:] == ["ro"] else ""
    return f"{kind} {source or '(anonymous)'} -> {target}{ro}"


def _file_ref(ref: Any, default_dir: str) -> str:
    if isinstance(ref, Mapping):
        source = str(ref["source"])
        target = ref.get("target") or f"{default_dir}{source}"
    else:
        source, target = str(ref), f"{default_dir}{ref}"
    return f"{source} -> {target}"


def _env(env: Any) -> dict[str, str]:
    if not env:
        return {}
    if isinstance(env, Mapping):
        pairs = [(str(k), "" if v is None else str(v)) for k, v in env.items()]
    else:
        pairs = [(item.partition("=")[0], item.partition("=")[2]) for item in map(str, env)]
    # A secret-looking value never reaches the terminal, even when a config put it in env.
    return {k: "***" if SECRET_NAME.search(k) and v else v for k, v in pairs}


def _healthcheck(hc: Any) -> str:
    if not hc or hc.get("disable"):
        return "none"
    test = hc.get("test", [])
    if isinstance(test, str):
        return test
    if test and test[0] == "NONE":
        return "none"
    return " ".join(str(t) for t in test[1:])


def _limits(limits: Mapping[str, Any]) -> str:
    parts = []
    if limits.get("cpus") is not None:
        parts.append(f"cpus {float(limits['cpus']):g}")
    if limits.get("memory") is not None:
        parts.append(f"memory {_mib(limits['memory'])}")
    return ", ".join(parts) or "none"


def _mib(memory: Any) -> str:
    if isinstance(memory, int):
        n = memory
    else:
        m = re.fullmatch(r"([0-9.]+)\s*([bkmg]?)b?", str(memory).strip().lower())
        if not m:
            return str(memory)
        n = int(float(m.group(1)) * _UNITS[m.group(2)])
    return f"{n / (1 << 20):g}MiB"


def same_image(left: str, right: str) -> bool:
    """A reference without a digest matches the same reference pinned by one."""
    if "@" in left and "@" in right:
        return left == right
    return left.partition("@")[0] == right.partition("@")[0]


def diff(left: Mapping[str, Any], right: Mapping[str, Any]) -> list[Change]:
    """What differs between two stacks, service by service, in the order they are written."""
    a, b = stack_facts(left), stack_facts(right)
    changes: list[Change] = []
    for name in [*a, *(n for n in b if n not in a)]:
        if name not in b:
            changes.append(Change(name, "service", "present", "absent"))
        elif name not in a:
            changes.append(Change(name, "service", "absent", "present"))
        else:
            changes.extend(_service_changes(name, a[name], b[name]))
    return changes


def _service_changes(name: str, a: Facts, b: Facts) -> list[Change]:
    out: list[Change] = []
    if not same_image(a.image, b.image):
        out.append(Change(name, "image", a.image, b.image))
    for aspect in ("replicas", "healthcheck", "limits"):
        if getattr(a, aspect) != getattr(b, aspect):
            out.append(Change(name, aspect, getattr(a, aspect), getattr(b, aspect)))
    for aspect in ("ports", "mounts", "configs", "secrets"):
        left, right = getattr(a, aspect), getattr(b, aspect)
        out += [Change(name, aspect, item, "") for item in sorted(left - right)]
        out += [Change(name, aspect, "", item) for item in sorted(right - left)]
    for key in sorted(a.environment.keys() | b.environment.keys()):
        lv, rv = a.environment.get(key), b.environment.get(key)
        if lv != rv:
            out.append(Change(name, "environment", _kv(key, lv), _kv(key, rv)))
    return out


def _kv(key: str, value: str | None) -> str:
    return "" if value is None else f"{key}={value}"


def format_changes(changes: list[Change], left: str, right: str) -> str:
    """Human-readable: one block per service; `-` only on the left, `+` only on the right."""
    if not changes:
        return f"no difference between {left} and {right}\n"
    lines = [f"--- {left}", f"+++ {right}"]
    service = None
    for c in changes:
        if c.service != service:
            service = c.service
            lines.append(f"{service}:")
        if c.aspect == "service":
            side = left if c.left == "present" else right
            lines.append(f"  only in {side}")
        elif c.left and c.right:
            lines.append(f"  {c.aspect}: {c.left}  ->  {c.right}")
        else:
            lines.append(f"  {c.aspect}: {'-' if c.left else '+'} {c.left or c.right}")
    return "\n".join(lines) + "\n"
