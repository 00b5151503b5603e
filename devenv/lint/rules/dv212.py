"""Do not keep state on a local volume of a service that a multi-node swarm may move.

A named volume with the `local` driver lives on one node's disk. On a swarm of more than
one node each node that runs a task of the service gets its own, separate copy: replicas
(or a `mode: global` service) do not share the data, and an update, a drain or a node
failure may start the task on another node, on an empty volume. Swarm moves data between
nodes only through a volume driver that shares it (NFS through `driver_opts`, or a volume
plugin) or not at all: keep the state in an external database, use such a driver, or pin the
service to one node with a placement constraint (`node.hostname == db1`, or
`node.labels.role == db` on one node).

The rule needs the swarm's size, so `devenv promote` checks it against the target swarm
and shows the finding before it deploys; a plain `devenv lint` does not know the swarm and
stays silent.

Bad:

```yaml
services:
  db:
    image: registry.local/shop/db:1.4.2
    volumes: ["db-data:/var/lib/db"]
    deploy: {replicas: 2}
volumes:
  db-data: {}
```

Good:

```yaml
services:
  db:
    image: registry.local/shop/db:1.4.2
    volumes: ["db-data:/var/lib/db"]
    deploy:
      placement: {constraints: ["node.labels.role == db"]}
volumes:
  db-data: {}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Stack

ID = "DV212"
NAME = "local-volume-on-many-nodes"
TARGET: Target = "prod"
SEVERITY: Severity = "warning"
SUMMARY = "Pin a service with a local volume to one node, or share its data another way."
HADOLINT: str | None = None
FIXABLE = False

# An equality on the node's identity or a label: the service stays on the node(s) it names.
_PIN = re.compile(r"^\s*node\.(hostname|id|labels\.[^\s=!]+)\s*==\s*\S")
_SHARED_TYPES = frozenset({"nfs", "nfs4", "cifs"})


def check(stack: Stack) -> Iterator[Finding]:
    if stack.nodes is None or stack.nodes < 2:
        return
    volumes = stack.data.get("volumes")
    top: Mapping[str, Any] = volumes if isinstance(volumes, Mapping) else {}
    for name, svc in stack.services():
        deploy = svc.get("deploy") if isinstance(svc.get("deploy"), Mapping) else {}
        assert isinstance(deploy, Mapping)
        if _pinned(deploy) or _scaled_to_zero(deploy):
            continue
        for i, volume in _written_volumes(svc):
            if _local(top.get(volume)):
                line, column = stack.at("services", name, "volumes", i)
                message = _message(name, volume, deploy, stack.nodes)
                yield Finding(ID, SEVERITY, stack.path, line, column, message)


def _message(name: str, volume: str, deploy: Mapping[str, Any], nodes: int) -> str:
    fix = (
        "pin it to one node with a placement constraint, use a volume driver that shares "
        "data, or keep the state in an external database"
    )
    replicas = deploy.get("replicas", 1)
    if deploy.get("mode") == "global" or (isinstance(replicas, int) and replicas > 1):
        many = "a task on every node" if deploy.get("mode") == "global" else f"{replicas} replicas"
        return (
            f"service {name}: {many} on a swarm of {nodes} nodes each write their own copy of "
            f"local volume {volume}, so the data is not shared: {fix}"
        )
    return (
        f"service {name} writes to local volume {volume} on a swarm of {nodes} nodes: an "
        f"update or a node failure may move its task to another node, onto an empty volume: {fix}"
    )


def _pinned(deploy: Mapping[str, Any]) -> bool:
    placement = deploy.get("placement")
    constraints = placement.get("constraints") if isinstance(placement, Mapping) else None
    return isinstance(constraints, list) and any(
        isinstance(c, str) and _PIN.match(c) for c in constraints
    )


def _scaled_to_zero(deploy: Mapping[str, Any]) -> bool:
    return deploy.get("mode", "replicated") == "replicated" and deploy.get("replicas") == 0


def _written_volumes(svc: Mapping[str, Any]) -> Iterator[tuple[int, str]]:
    """(index, volume name) of each named volume the service mounts read-write."""
    entries = svc.get("volumes")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, str):
            source, _, rest = entry.partition(":")
            mode = rest.partition(":")[2]
            if rest and not source.startswith(("/", ".", "~", "$")) and "ro" not in mode.split(","):
                yield i, source
        elif isinstance(entry, Mapping) and entry.get("type", "volume") == "volume":
            if entry.get("source") and not entry.get("read_only"):
                yield i, str(entry["source"])


def _local(spec: Any) -> bool:
    """A volume of the `local` driver that keeps its data on the node's own disk."""
    if spec is None:
        return True
    if not isinstance(spec, Mapping) or spec.get("external"):
        return False  # created beforehand: its driver is not known here
    if spec.get("driver", "local") != "local":
        return False
    opts = spec.get("driver_opts")
    return not (isinstance(opts, Mapping) and str(opts.get("type", "")) in _SHARED_TYPES)
