"""Say in devenv's own keys what `compose:` says, once devenv models it.

`compose:` (on a service, in its `dev:` or `prod:`) and `x-compose:` (top level) pass
Compose keys that devenv does not model yet straight into the rendered stacks, merged
last. They are checked by the real Compose and Swarm loaders like the rest, but nothing
in devenv reads them: no lint rule looks inside, `devenv diff` does not explain them and a
later devenv may model the same key differently. This rule is information only, so that
every use stays visible; `devenv import` writes what it cannot express there.

Bad:

```yaml
services:
  web:
    image: nginx:1.27
    compose:
      runtime: runc
```

Good:

```yaml
services:
  web:
    image: nginx:1.27
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Project

ID = "DV230"
NAME = "compose-escape-hatch"
TARGET: Target = "config"
SEVERITY: Severity = "info"
SUMMARY = "Prefer devenv's own keys to the `compose:` escape hatch."
HADOLINT: str | None = None
FIXABLE = False


def check(project: Project) -> Iterator[Finding]:
    cfg = project.config
    if cfg.x_compose:
        yield _finding(project, ("x-compose",), sorted(cfg.x_compose), "top level")
    for name, svc in cfg.services.items():
        for where, keys in (
            (("services", name, "compose"), svc.compose),
            (("services", name, "dev", "compose"), svc.dev.compose),
            (("services", name, "prod", "compose"), svc.prod.compose),
        ):
            if keys:
                yield _finding(project, where, sorted(keys), f"service {name}")


def _finding(project: Project, where: tuple[str, ...], keys: list[str], who: str) -> Finding:
    line, column = project.at(*where)
    message = (
        f"{who}: {', '.join(keys)} passed to Compose as written ({'.'.join(where[2:]) or where[0]}"
        "): devenv does not check or explain them"
    )
    return Finding(ID, SEVERITY, project.path, line, column, message)
