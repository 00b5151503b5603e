"""The production stack's tasks, node by node: `devenv status --prod` (issue 13, item 3).

One row per task that Swarm wants running: its service, node, state, health, the image
digest it runs and the release that deployed that digest. Health is what Swarm reports
through the task state: a task with a healthcheck stays `starting` until the check passes,
is `running` only once healthy, and fails when it turns unhealthy; without a healthcheck in
the service, health is not known (`None`). The manager sees every task, not every container.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv.prod.releases import Release
from devenv.prod.swarm import NAMESPACE

if TYPE_CHECKING:
    from docker import DockerClient

WANTED = frozenset({"running", "ready"})


class TaskRow(NamedTuple):
    service: str
    node: str
    state: str
    health: str | None
    image: str
    digest: str | None
    release: int | None
    error: str


def rows(api: DockerClient, stack: str, history: Sequence[Release]) -> list[TaskRow]:
    """The rows of `stack`, by service then node."""
    ns = {"label": f"{NAMESPACE}={stack}"}
    services = {s["ID"]: s for s in api.api.services(filters=ns)}
    hosts = {n["ID"]: n.get("Description", {}).get("Hostname", n["ID"]) for n in api.api.nodes()}
    out = []
    for task in api.api.tasks(filters=ns):
        if task.get("DesiredState") not in WANTED or task.get("ServiceID") not in services:
            continue
        spec = services[task["ServiceID"]]["Spec"]
        name = spec["Name"].removeprefix(f"{stack}_")
        out.append(row(name, task, hosts, _has_healthcheck(spec), history))
    return sorted(out, key=lambda r: (r.service, r.node))


def row(
    service: str,
    task: Mapping[str, Any],
    hosts: Mapping[str, str],
    checked: bool,
    history: Sequence[Release],
) -> TaskRow:
    status = task.get("Status") or {}
    state = str(status.get("State", "unknown"))
    image = str(task.get("Spec", {}).get("ContainerSpec", {}).get("Image", ""))
    digest = image.partition("@")[2] or None
    node = task.get("NodeID") or ""
    return TaskRow(
        service=service,
        node=hosts.get(node, node or "(not placed)"),
        state=state,
        health=_health(state) if checked else None,
        image=image,
        digest=digest,
        release=release_of(service, image, history),
        error=str(status.get("Err") or ""),
    )


def _health(state: str) -> str:
    if state == "running":
        return "healthy"
    return "starting" if state in ("starting", "preparing", "assigned", "accepted") else state


def _has_healthcheck(spec: Mapping[str, Any]) -> bool:
    check = spec.get("TaskTemplate", {}).get("ContainerSpec", {}).get("Healthcheck") or {}
    return bool(check.get("Test")) and check["Test"][0] != "NONE"


def release_of(service: str, image: str, history: Sequence[Release]) -> int | None:
    """The latest release with `image` for `service` (a rollback names the release that
    redeployed it; a failed one, an image left from a rollback that failed too). None: the
    image was not deployed by devenv."""
    for release in sorted(history, key=lambda r: r.number, reverse=True):
        if release.images.get(service) == image:
            return release.number
    return None
