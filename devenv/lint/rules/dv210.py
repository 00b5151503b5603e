"""Give every production service a memory limit and a restart policy.

Without a memory limit, one leaking service takes all the memory of its node, and the
kernel's OOM killer then picks a victim among every container there, including the
database next to it. Without an explicit restart policy, what happens to a crashing
task is left to defaults that differ between Compose (never restart) and Swarm
(restart at once, forever). Set `deploy.resources.limits.memory` and
`deploy.restart_policy`; in devenv.yaml, `prod.resources.memory` (the restart policy is
always rendered, from `prod.restart`). `mem_limit` and `restart` are not enough:
`docker stack deploy` ignores them.

Bad:

```yaml
services:
  api:
    image: registry.local/shop/api:1.4.2
```

Good:

```yaml
services:
  api:
    image: registry.local/shop/api:1.4.2
    deploy:
      resources:
        limits: {memory: 256M}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 5}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Stack

ID = "DV210"
NAME = "prod-no-limits"
TARGET: Target = "prod"
SEVERITY: Severity = "warning"
SUMMARY = "Give every production service a memory limit and a restart policy."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    for name, svc in stack.services():
        deploy = _mapping(svc.get("deploy"))
        limits = _mapping(_mapping(deploy.get("resources")).get("limits"))
        if limits.get("memory") in (None, ""):
            line, column = stack.at("services", name, "deploy", "resources", "limits", "memory")
            hint = " (mem_limit is ignored by docker stack deploy)" if "mem_limit" in svc else ""
            message = (
                f"service {name} has no memory limit{hint}: one leak can take the node; "
                "set deploy.resources.limits.memory (prod.resources.memory in devenv.yaml)"
            )
            yield Finding(ID, SEVERITY, stack.path, line, column, message)
        if not isinstance(deploy.get("restart_policy"), Mapping):
            line, column = stack.at("services", name, "deploy", "restart_policy")
            hint = " (restart is ignored by docker stack deploy)" if "restart" in svc else ""
            message = (
                f"service {name} has no restart policy{hint}: "
                "set deploy.restart_policy (condition, delay, max_attempts)"
            )
            yield Finding(ID, SEVERITY, stack.path, line, column, message)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
