"""`devenv status`: each dev service's state, health, ports, image and last reload;
`--prod`: the production stack's tasks node by node (issue 13, item 3)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from devenv import engine
from devenv.config import ProjectConfig, load_config
from devenv.dev import stackfile as devstack
from devenv.errors import DevenvError

FORMATS = ("text", "json")


def run(
    *, config: Path | None, fmt: str = "text", prod: bool = False, context: str | None = None
) -> int:
    if fmt not in FORMATS:
        raise DevenvError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    cfg = load_config(config)
    if prod:
        return prod_status(cfg, fmt, context)
    engine.check_compose()
    stack = devstack.current(cfg)
    rows = services_status(cfg, engine.compose_ps(stack))
    if fmt == "json":
        doc = {"project": stack.project, "services": rows}
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    else:
        print_table(stack.project, rows)
    return 0


def _ports(publishers: list[dict[str, Any]] | None) -> list[str]:
    out = []
    for pub in publishers or []:
        target = f"{pub.get('TargetPort')}/{pub.get('Protocol', 'tcp')}"
        if pub.get("PublishedPort"):
            out.append(f"{pub.get('URL') or '0.0.0.0'}:{pub['PublishedPort']}->{target}")
        else:
            out.append(target)
    return sorted(set(out))


def services_status(cfg: ProjectConfig, ps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per configured service (and per extra container), with its last reload."""
    from devenv.render import holder_of

    reloads = devstack.read_state(cfg).get("services", {})
    # A holder owns its service's ports (render.holder_name): show them on the service.
    held: dict[str, list[str]] = {}
    for row in ps:
        owner = holder_of(cfg, str(row.get("Service", "")))
        if owner:
            held[owner] = _ports(row.get("Publishers"))
    rows = []
    for row in ps:
        service = str(row.get("Service", ""))
        if holder_of(cfg, service):
            continue
        rows.append(
            {
                "service": service,
                "container": row.get("Name"),
                "state": row.get("State") or "unknown",
                "health": row.get("Health") or None,
                "ports": _ports(row.get("Publishers")) or held.get(service, []),
                "image": row.get("Image"),
                "last_reload": reloads.get(service, {}).get("last_reload"),
            }
        )
    seen = {r["service"] for r in rows}
    for name in cfg.services:
        if name not in seen:
            rows.append(
                {
                    "service": name,
                    "container": None,
                    "state": "not created",
                    "health": None,
                    "ports": [],
                    "image": None,
                    "last_reload": reloads.get(name, {}).get("last_reload"),
                }
            )
    order = list(cfg.services)
    rows.sort(key=lambda r: order.index(r["service"]) if r["service"] in order else len(order))
    return rows


def _reload_text(reload: dict[str, Any] | None) -> str:
    if not reload:
        return "-"
    verdict = "" if reload.get("ok") else " FAILED"
    return (
        f"{reload.get('action')} {reload.get('latency_s', 0):.2f} s{verdict} at {reload.get('at')}"
    )


def print_table(project: str, rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=project, title_justify="left", box=None, pad_edge=False)
    for column in ("SERVICE", "STATE", "HEALTH", "PORTS", "IMAGE", "LAST RELOAD"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["service"],
            r["state"],
            r["health"] or "-",
            ", ".join(r["ports"]) or "-",
            r["image"] or "-",
            _reload_text(r["last_reload"]),
        )
    # Piped output is read by scripts and people alike: never cut a column short there.
    Console(highlight=False, width=None if sys.stdout.isatty() else 1000).print(table)


def prod_status(cfg: ProjectConfig, fmt: str, context: str | None) -> int:
    from devenv.prod import state, swarm, tasks

    if context:
        engine.use_context(context)
    api = engine.client()
    swarm.check_manager(api)
    found = tasks.rows(api, cfg.project, state.SwarmReleaseStore(api, cfg.project).list())
    if fmt == "json":
        doc = {"stack": cfg.project, "tasks": [r._asdict() for r in found]}
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return 0
    if not found:
        print(f"{cfg.project}: no production task runs (promote it first)")
        return 0
    print_tasks(cfg.project, found)
    return 0


def print_tasks(stack: str, found: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{stack} (production)", title_justify="left", box=None, pad_edge=False)
    for column in ("SERVICE", "NODE", "STATE", "HEALTH", "RELEASE", "DIGEST", "ERROR"):
        table.add_column(column)
    for r in found:
        table.add_row(
            r.service,
            r.node,
            r.state,
            r.health or "-",
            str(r.release) if r.release is not None else "-",
            (r.digest or r.image)[:19],
            r.error or "-",
        )
    Console(highlight=False, width=None if sys.stdout.isatty() else 1000).print(table)
