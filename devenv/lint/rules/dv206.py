"""Name the NTP servers production hosts must follow.

A swarm needs its nodes' clocks to agree: Raft leader election and the mutual TLS
between nodes fail when clocks drift, certificates look expired or not yet valid, and
logs and traces from different nodes no longer line up. devenv checks the hosts'
offset against `ntp.servers` (`devenv ntp`, and before a promote): without servers there
is nothing to check against.

Bad:

```yaml
project: shop
services: {...}
```

Good:

```yaml
project: shop
ntp:
  servers: ["ntp.internal:123", "pool.ntp.org"]
  max_offset_ms: 100
services: {...}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Project

ID = "DV206"
NAME = "no-ntp-servers"
TARGET: Target = "config"
SEVERITY: Severity = "warning"
SUMMARY = "Name the NTP servers production hosts must follow."
HADOLINT: str | None = None
FIXABLE = False


def check(project: Project) -> Iterator[Finding]:
    if project.config.ntp.servers:
        return
    has_ntp = ("ntp",) in project.config.positions.key
    line, column = project.at("ntp", "servers") if has_ntp else project.at("project")
    message = (
        "no ntp.servers: production hosts' clocks cannot be checked, and a swarm whose "
        "clocks drift fails elections and TLS"
    )
    yield Finding(ID, SEVERITY, project.path, line, column, message)
