"""Do not rely on `depends_on` to order start-up in production.

Compose starts a service after the ones it depends on, and with
`condition: service_healthy` only once they are healthy. Swarm does neither: `docker
stack deploy` starts every service at once and restarts those that fail, so a service
that exits when its database is not there yet crash-loops until it is. devenv renders
`depends_on` as the list of names Swarm accepts (and ignores); the service itself must
wait for, or retry, what it needs. Reported once per config, on the first service with
a `depends_on`.

Bad:

```yaml
services:
  api:
    image: example/api:1.4
    depends_on: {db: {condition: service_healthy}}
  db:
    image: postgres:16.4
```

Good:

```yaml
services:
  api:
    image: example/api:1.4
    command: [sh, -c, "until nc -z db 5432; do sleep 1; done; exec api"]
  db:
    image: postgres:16.4
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Project

ID = "DV231"
NAME = "swarm-start-order"
TARGET: Target = "config"
SEVERITY: Severity = "info"
SUMMARY = "Make services wait for what they need: Swarm does not order start-up."
HADOLINT: str | None = None
FIXABLE = False


def check(project: Project) -> Iterator[Finding]:
    for name, svc in project.config.services.items():
        if svc.depends_on:
            line, column = project.at("services", name, "depends_on")
            message = (
                f"service {name}: depends_on orders start-up in dev only; Swarm starts "
                "every service at once, so each must wait for or retry what it needs"
            )
            yield Finding(ID, SEVERITY, project.path, line, column, message)
            return
