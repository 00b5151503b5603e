"""Publish development ports on 127.0.0.1, not on every interface.

A port published without an address listens on all interfaces (`0.0.0.0` and `::`):
on a laptop in a café or a shared office network, anyone nearby reaches the dev
database with its well-known password, the debug endpoints and the unauthenticated
admin pages. Docker's published ports also bypass the host firewall (ufw, firewalld)
on Linux. devenv renders dev ports on 127.0.0.1 unless the config names an address; a
port given as the container port alone is published on a random host port on every
interface. An address that is a variable (`${BIND_IP}:8080:80`) is not reported.

Bad:

```yaml
services:
  db:
    image: postgres:16.4
    ports: ["0.0.0.0:5432:5432"]
```

Good:

```yaml
services:
  db:
    image: postgres:16.4
    ports: ["5432:5432"]  # devenv publishes it on 127.0.0.1 in dev
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Stack

ID = "DV209"
NAME = "dev-port-all-interfaces"
TARGET: Target = "dev"
SEVERITY: Severity = "warning"
SUMMARY = "Publish development ports on 127.0.0.1, not on every interface."
HADOLINT: str | None = None
FIXABLE = False

_ALL = frozenset({"", "0.0.0.0", "::", "[::]"})


def check(stack: Stack) -> Iterator[Finding]:
    for name, svc in stack.services():
        ports = svc.get("ports")
        if not isinstance(ports, list):
            continue
        for i, port in enumerate(ports):
            if _all_interfaces(port):
                line, column = stack.at("services", name, "ports", i)
                message = (
                    f"service {name} publishes {port} on every interface: anyone on the "
                    "network reaches it; publish on 127.0.0.1"
                )
                yield Finding(ID, SEVERITY, stack.path, line, column, message)


def _all_interfaces(port: object) -> bool:
    if isinstance(port, Mapping):
        ip = port.get("host_ip")
        return ip is None or str(ip) in _ALL
    if not isinstance(port, str | int):
        return False
    spec = str(port).partition("/")[0]
    parts = spec.rsplit(":", 2)
    if len(parts) < 3:  # "CONTAINER" or "HOST:CONTAINER": no address
        return True
    ip = parts[0]
    return "$" not in ip and ip in _ALL
