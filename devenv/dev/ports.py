"""The host ports a dev stack publishes: checked free before Compose starts anything, and
shown as URLs once it runs (issue 16, item 7).

A port another program holds makes the engine fail halfway, with a message that names its
own proxy and leaves the stack's containers `Created`; checked first, the user reads the
service, the port and the devenv.yaml line that asked for it. The check binds the port on
this machine, so it runs only for an engine on a local socket (a remote engine's ports are
on another machine).
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from devenv.config import ProjectConfig
from devenv.render import expand_ports, holder_of, split_port

DEV_IP = "127.0.0.1"  # where the dev stack publishes a port that names no interface


class Wanted(NamedTuple):
    service: str
    position: int  # in the service's `ports` list, for the position in devenv.yaml
    ip: str
    port: int


def wanted(
    cfg: ProjectConfig, services: Sequence[str], profiles: Sequence[str] = ()
) -> list[Wanted]:
    """The fixed TCP host ports the services publish in dev (ephemeral ones cannot clash);
    with no service named, those Compose starts: none of a profile not chosen."""
    out = []
    names = services or [
        n
        for n, svc in cfg.services.items()
        if not svc.dev.profiles or set(svc.dev.profiles) & set(profiles)
    ]
    for name in names:
        for index, spec in enumerate(cfg.services[name].ports):
            ip, host, _container, proto = split_port(spec)
            if host is None or proto != "tcp":
                continue
            out += [Wanted(name, index, ip or DEV_IP, p) for p in expand_ports(host)]
    return out


def in_use(ip: str, port: int) -> bool:
    """Something on this machine listens on ip:port (a bind there fails)."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((ip, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def published(containers: Iterable[dict[str, Any]]) -> set[int]:
    """The host ports the stack's own running containers publish (`containers` API rows)."""
    return {
        int(p["PublicPort"]) for c in containers for p in c.get("Ports", ()) if p.get("PublicPort")
    }


def check_free(
    cfg: ProjectConfig, services: Sequence[str], ours: set[int], profiles: Sequence[str] = ()
) -> None:
    """A positioned DevenvError for the first wanted port something else holds."""
    for want in wanted(cfg, services, profiles):
        if want.port in ours or not in_use(want.ip, want.port):
            continue
        raise cfg.positions.error(
            ("services", want.service, "ports", want.position),
            f"port {want.ip}:{want.port} is already in use on this machine, so {want.service} "
            f"cannot publish it: stop what holds it (`docker ps --filter publish={want.port}` "
            "names a container that does), or choose another host port here",
        )


class Url(NamedTuple):
    service: str
    url: str
    target: int

    def __str__(self) -> str:
        return f"{self.service}: {self.url} (its port {self.target})"


def urls(cfg: ProjectConfig, containers: Iterable[dict[str, Any]]) -> list[Url]:
    """Where each service answers: its published TCP ports (a holder's are its service's)."""
    from devenv.engine import SERVICE_LABEL

    found = set()
    for info in containers:
        label = info.get("Labels", {}).get(SERVICE_LABEL, "")
        service = holder_of(cfg, label) or label
        for p in info.get("Ports", ()):
            if p.get("PublicPort") and p.get("Type") == "tcp" and ":" not in p.get("IP", ""):
                ip = p.get("IP") or "0.0.0.0"
                host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
                url = f"http://{host}:{p['PublicPort']}/"
                found.add(Url(service, url, int(p["PrivatePort"])))
    return sorted(found)
