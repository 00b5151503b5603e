"""Give every production service a healthcheck.

Swarm uses the healthcheck to decide that a task is ready: without one, a rolling
update replaces the next replica as soon as the new process starts, even when it never
answers, and `failure_action: rollback` never triggers; a hung process is never
restarted. Set `healthcheck` on the service in devenv.yaml, or put a `HEALTHCHECK` in the
image: when the project is known, the stage its `build.target` builds (and the stages
under it) counts. `healthcheck: {disable: true}` and `test: ["NONE"]` count as none.

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
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
      interval: 10s
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from devenv.errors import DevenvError
from devenv.lint.dockerfile import Dockerfile, parse_file
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._stages import built_stages, has_healthcheck
from devenv.lint.subjects import Stack

ID = "DV205"
NAME = "prod-no-healthcheck"
TARGET: Target = "prod"
SEVERITY: Severity = "warning"
SUMMARY = "Give every production service a healthcheck."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    for name, svc in stack.services():
        if _healthcheck(svc) or _image_has_healthcheck(stack, name):
            continue
        line, column = stack.at("services", name)
        message = (
            f"service {name} has no healthcheck: Swarm cannot tell a hung task from a "
            "ready one, and a bad update never rolls back"
        )
        yield Finding(ID, SEVERITY, stack.path, line, column, message)


def _healthcheck(svc: Mapping[str, Any]) -> bool:
    hc = svc.get("healthcheck")
    if not isinstance(hc, Mapping) or hc.get("disable") is True:
        return False
    test = hc.get("test")
    return test is not None and test != ["NONE"] and test != "NONE"


def _image_has_healthcheck(stack: Stack, name: str) -> bool:
    df = _dockerfile(stack, name)
    return df is not None and all(has_healthcheck(df, s) for s in built_stages(df))


def _dockerfile(stack: Stack, name: str) -> Dockerfile | None:
    cfg = stack.config
    if cfg is None or name not in cfg.services:
        return None
    build = cfg.services[name].build
    if build is None:
        return None
    df = stack.dockerfiles.get(name)
    if df is None:
        path = cfg.root / build.context / build.dockerfile
        try:
            df = parse_file(path)
        except DevenvError:
            return None
    return df._replace(config=cfg, services=(name,))
