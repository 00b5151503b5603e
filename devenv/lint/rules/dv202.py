"""Keep state on a named volume, not in the container.

What a container writes outside a volume lives in its writable layer and disappears
with the container: on `docker stack deploy` of a new version, on a node failure, on a
rescheduled task. An anonymous volume (`volumes: [/var/lib/mysql]`) is no better in a
swarm: each new task gets a new, empty one. The rule knows where the official images
keep their data (postgres `/var/lib/postgresql/data`, mysql and mariadb
`/var/lib/mysql`, mongo `/data/db`, redis `/data`, mssql `/var/opt/mssql`, elasticsearch
`/usr/share/elasticsearch/data`, rabbitmq `/var/lib/rabbitmq`, cassandra, couchdb,
neo4j, influxdb, clickhouse, the registry) and checks the paths devenv.yaml lists in a
service's `data`. A named volume or a tmpfs (state you chose to lose) at the folder or
above it is fine; bind mounts are DV201's business.

Bad:

```yaml
services:
  db:
    image: postgres:16.4
```

Good:

```yaml
services:
  db:
    image: postgres:16.4
    data: [/var/lib/postgresql/data]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import Mount, covers, mounts, tmpfs_targets
from devenv.lint.rules._images import data_dirs
from devenv.lint.subjects import Stack

ID = "DV202"
NAME = "state-not-on-volume"
TARGET: Target = "prod"
SEVERITY: Severity = "warning"
SUMMARY = "Put stateful paths on a named volume."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    for name, svc in stack.services():
        kept = [m.target for m in mounts(svc) if m.kind in ("volume", "bind", "tmpfs")]
        kept += tmpfs_targets(svc)
        anonymous = [m for m in mounts(svc) if m.kind == "anonymous"]
        for paths, why in _stateful(stack, name, svc):
            if any(covers(t, p) for t in kept for p in paths):
                continue
            yield _finding(stack, name, paths[0], why, _anonymous_at(anonymous, paths))


def _stateful(
    stack: Stack, name: str, svc: Mapping[str, Any]
) -> Iterator[tuple[tuple[str, ...], str]]:
    image = svc.get("image")
    if isinstance(image, str) and data_dirs(image):
        yield data_dirs(image), f"the {image} image keeps its data in"
    if stack.config is not None and name in stack.config.services:
        for path in stack.config.services[name].data:
            yield (path,), "devenv.yaml lists in data"


def _anonymous_at(anonymous: list[Mount], paths: tuple[str, ...]) -> Mount | None:
    return next((m for m in anonymous if any(covers(m.target, p) for p in paths)), None)


def _finding(stack: Stack, name: str, path: str, why: str, anon: Mount | None) -> Finding:
    if anon is not None:
        line, column = stack.at("services", name, "volumes", anon.position)
        where = "an anonymous volume, new and empty for each container"
    else:
        line, column = stack.at("services", name, "image")
        where = "the container's writable layer"
    message = (
        f"service {name}: {path} ({why} it) is on {where}: put it on a named volume "
        "(`data:` in devenv.yaml)"
    )
    return Finding(ID, SEVERITY, stack.path, line, column, message)
