"""Keep state on a named volume, not in the container.

What a container writes outside a volume lives in its writable layer and disappears
with the container. In development that is the next `docker compose up` that recreates
it, and an anonymous volume (`volumes: [/var/lib/mysql]`) goes with `down -v`. In
production it is every `docker stack deploy` of a new version, a node failure, a
rescheduled task: Swarm gives each new task a fresh anonymous volume, so an update
starts from an empty database. The rule knows where the official images keep their
data (postgres `/var/lib/postgresql/data`, mysql and mariadb `/var/lib/mysql`, mongo
`/data/db`, redis `/data`, mssql `/var/opt/mssql`, elasticsearch
`/usr/share/elasticsearch/data`, rabbitmq `/var/lib/rabbitmq`, and cassandra, couchdb,
neo4j, influxdb, clickhouse, solr, zookeeper, grafana, prometheus, minio, gitea,
jenkins, nextcloud, wordpress, ghost, sonarqube, nexus, vault, consul, mosquitto, the
registry), reads the `VOLUME` folders an image declares when the local engine has the
image (`devenv lint` says which images it could not inspect), and checks the paths
devenv.yaml lists in a service's `data`, in Compose
files written by hand as well as in devenv's own stacks, dev and prod. A named volume
or a tmpfs (state you chose to lose) at the folder or above it is fine; bind mounts are
DV201's business in production.

Bad (devenv.yaml):

```yaml
project: shop
services:
  db:
    image: postgres:16.4
```

Good (devenv.yaml):

```yaml
project: shop
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
from devenv.lint.rules._compose import Mount, covers, mounts, rendered_dev, tmpfs_targets
from devenv.lint.rules._images import data_dirs
from devenv.lint.subjects import Stack

ID = "DV202"
NAME = "state-not-on-volume"
TARGET: Target = "stack"
SEVERITY: Severity = "warning"
SUMMARY = "Put stateful paths on a named volume."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return  # devenv renders `data:` as named volumes in both: prod says it once
    for name, svc in stack.services():
        kept = [m.target for m in mounts(svc) if m.kind in ("volume", "bind", "tmpfs")]
        kept += tmpfs_targets(svc)
        anonymous = [m for m in mounts(svc) if m.kind == "anonymous"]
        for paths, why in _stateful(stack, name, svc):
            if any(covers(t, p) for t in kept for p in paths):
                continue
            yield _finding(stack, name, paths[0], why, _anonymous_at(anonymous, paths))


_LOST = {
    "dev": "the next recreate (or `down -v`) loses it",
    "prod": "each Swarm task starts with a fresh anonymous volume, so an update loses it",
}


def _stateful(
    stack: Stack, name: str, svc: Mapping[str, Any]
) -> Iterator[tuple[tuple[str, ...], str]]:
    image = svc.get("image")
    if isinstance(image, str) and data_dirs(image):
        yield data_dirs(image), f"the {image} image keeps its data in"
    if isinstance(image, str):
        for path in stack.image_volumes.get(image, ()):
            if path not in data_dirs(image):
                yield (path,), f"the {image} image declares VOLUME"
    if stack.config is not None and name in stack.config.services:
        for _, path in stack.config.services[name].data_volumes(name):
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
    fix = "`data:` in devenv.yaml" if stack.rendered else f"`volumes: [NAME:{path}]`"
    message = (
        f"service {name}: {path} ({why} it) is on {where}: {_LOST[stack.env]}; "
        f"put it on a named volume ({fix})"
    )
    return Finding(ID, SEVERITY, stack.path, line, column, message)
