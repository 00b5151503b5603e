"""Do not share the host's network, process or IPC namespace.

`network_mode: host` puts the container on the host's interfaces (every port it
opens is open on the host, and `ports:` is ignored), `pid: host` lets it see and
signal every process of the host, `ipc: host` (and `uts`, `userns_mode: host`) share
the rest of what isolates it. Publish ports and talk over the stack's networks
instead. Swarm has no host namespaces for services: there `network_mode` is ignored.

Bad (compose.yaml):

```yaml
services:
  web:
    image: nginx:1.27
    network_mode: host
    pid: host
```

Good (compose.yaml):

```yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:8080:80"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import rendered_dev
from devenv.lint.subjects import Stack

ID = "DV222"
NAME = "host-namespace"
TARGET: Target = "stack"
SEVERITY: Severity = "warning"
SUMMARY = "Do not share the host's network, process or IPC namespace."
HADOLINT: str | None = None
FIXABLE = False

KEYS = {
    "network_mode": "network",
    "pid": "process",
    "ipc": "IPC",
    "uts": "hostname (UTS)",
    "userns_mode": "user",
}


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return
    for name, svc in stack.services():
        for key, what in KEYS.items():
            if str(svc.get(key, "")).strip().lower() == "host":
                line, column = stack.at("services", name, key)
                yield Finding(
                    ID,
                    SEVERITY,
                    stack.path,
                    line,
                    column,
                    f"service {name} shares the host's {what} namespace ({key}: host): "
                    "it is no longer isolated from the host there",
                )
