"""Give each service you build a way to reload in development.

A service built from source with neither a bind mount of the source nor a reload rule
runs the code of its last image build: every edit needs a manual rebuild and restart,
and sooner or later someone tests code that is not what they are looking at. Bind-mount
the source (`dev.mounts`) and let the app reload itself, or list `dev.reload` rules
(restart, rebuild, sync or exec when files change) for `devenv up` to apply. In a
hand-written Compose file a bind mount or a `develop: watch:` section counts.

Bad:

```yaml
services:
  api:
    build: {context: .}
```

Good:

```yaml
services:
  api:
    build: {context: .}
    dev:
      mounts: ["./src:/app/src"]
      reload:
        - paths: ["requirements.txt"]
          action: rebuild
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import mounts
from devenv.lint.subjects import Stack

ID = "DV208"
NAME = "no-hot-reload"
TARGET: Target = "dev"
SEVERITY: Severity = "info"
SUMMARY = "Bind-mount the source or add reload rules for each service you build."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    for name, svc in stack.services():
        if "build" not in svc or _reloads(stack, name, svc):
            continue
        line, column = stack.at("services", name, "build")
        message = (
            f"service {name} is built from source but its dev stack has no source bind "
            "mount and no reload rule: edits need a manual rebuild"
        )
        yield Finding(ID, SEVERITY, stack.path, line, column, message)


def _reloads(stack: Stack, name: str, svc: Mapping[str, Any]) -> bool:
    if any(m.kind == "bind" for m in mounts(svc)):
        return True
    develop = svc.get("develop")
    if isinstance(develop, Mapping) and develop.get("watch"):
        return True
    cfg = stack.config
    return cfg is not None and name in cfg.services and bool(cfg.services[name].dev.reload)
