"""Do not mount the Docker socket into a container.

Whoever can write to `/var/run/docker.sock` controls the engine: they can start a
privileged container that mounts the host's `/`. Mounting it, even read-only (the
flag does not apply to the API behind the socket), hands the host to the container
and to anything that compromises it. Tools that need the engine (CI runners,
reverse proxies reading labels) are better served by a socket proxy that allows only
the calls they make, or by running them outside the stack.

Bad (compose.yaml):

```yaml
services:
  proxy:
    image: traefik:v3.1
    volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro"]
```

Good (compose.yaml):

```yaml
services:
  proxy:
    image: traefik:v3.1
    environment: {DOCKER_HOST: "tcp://socket-proxy:2375"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import host_path, mounts, rendered_dev
from devenv.lint.subjects import Stack

ID = "DV221"
NAME = "docker-socket-mounted"
TARGET: Target = "stack"
SEVERITY: Severity = "error"
SUMMARY = "Do not mount the Docker socket into a container."
HADOLINT: str | None = None
FIXABLE = False

SOCKETS = ("/var/run/docker.sock", "/run/docker.sock")


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return
    for name, svc in stack.services():
        for mount in mounts(svc):
            if mount.kind == "bind" and host_path(mount.source) in SOCKETS:
                line, column = stack.at("services", name, "volumes", mount.position)
                yield Finding(
                    ID,
                    SEVERITY,
                    stack.path,
                    line,
                    column,
                    f"service {name} mounts the Docker socket: it controls the engine, so "
                    "the host; use a socket proxy that allows only what it needs",
                )
