"""Use named volumes, configs and secrets in production, never bind mounts.

A bind mount ties a service to a folder on the node it happens to run on: on another
node of the swarm the folder is missing or different, so the task fails or quietly
starts on empty data, and what runs is no longer only what the image and the stack
say. Data belongs on a named volume, configuration in `configs:`, credentials in
`secrets:`; all three move with the service. devenv never renders a bind mount into the
production stack: this rule is for Compose files written by hand. A local volume that
is a bind mount in disguise (`driver_opts: {type: none, o: bind, device: /srv/data}`)
is reported too.

Bad:

```yaml
services:
  db:
    image: postgres:16.4
    volumes:
      - ./pgdata:/var/lib/postgresql/data
```

Good:

```yaml
services:
  db:
    image: postgres:16.4
    volumes:
      - pgdata:/var/lib/postgresql/data
volumes:
  pgdata: {}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import mounts
from devenv.lint.subjects import Stack

ID = "DV201"
NAME = "bind-mount-in-prod"
TARGET: Target = "prod"
SEVERITY: Severity = "error"
SUMMARY = "Use named volumes, configs and secrets instead of bind mounts in production."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    for name, svc in stack.services():
        for mount in mounts(svc):
            if mount.kind == "bind":
                line, column = stack.at("services", name, "volumes", mount.position)
                message = (
                    f"service {name} bind-mounts {mount.source} at {mount.target}: in a "
                    "swarm that folder is on whichever node runs the task; use a named "
                    "volume, a config or a secret"
                )
                yield Finding(ID, SEVERITY, stack.path, line, column, message)
    volumes = stack.data.get("volumes")
    if isinstance(volumes, Mapping):
        for vol, spec in volumes.items():
            if _disguised_bind(spec):
                line, column = stack.at("volumes", vol, "driver_opts")
                message = f"volume {vol} is a bind mount of a host folder (driver_opts o: bind)"
                yield Finding(ID, SEVERITY, stack.path, line, column, message)


def _disguised_bind(spec: object) -> bool:
    if not isinstance(spec, Mapping):
        return False
    opts = spec.get("driver_opts")
    if not isinstance(opts, Mapping):
        return False
    return "bind" in str(opts.get("o", "")).split(",") and bool(opts.get("device"))
