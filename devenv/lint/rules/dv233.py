"""Bind-mount what a `restart` or `exec` reload rule watches, or sync or rebuild instead.

A `restart` or `exec` rule acts in the running container when a file on the host changes:
it restarts the service or runs a command in it. The container sees the new file only when
a bind mount (`dev.mounts`) brings it in; otherwise it still has the copy its image was
built with, so the restart succeeds and shows nothing new, and `devenv up` says it reloaded.
Mount the folder the rule watches, or use `action: sync` (copies the changed file into the
container) or `action: rebuild` (builds a new image). A path is reported only when its glob's
literal folder (the part before the first `*`, `?` or `[`) and every bind-mount source are
apart, neither inside the other: `src/**` with `./src` mounted, `**` with any mount, or
`conf/app.ini` with `./conf` mounted are fine. Named volumes (`volumes:`, `data:`) are not
bind mounts; binds given under `compose: {volumes: [...]}` count.

Bad (devenv.yaml):

```yaml
project: shop
services:
  api:
    image: example/api:1.4
    dev:
      mounts: ["./src:/app/src"]
      reload:
        - paths: ["conf/*.ini"]
          action: exec
          exec: kill -HUP 1
```

Good (devenv.yaml):

```yaml
project: shop
services:
  api:
    image: example/api:1.4
    dev:
      mounts: ["./src:/app/src", "./conf:/app/conf:ro"]
      reload:
        - paths: ["conf/*.ini"]
          action: exec
          exec: kill -HUP 1
        - paths: ["requirements.txt"]
          action: rebuild
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.config import unmounted_reload_paths
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Project

ID = "DV233"
NAME = "reload-path-not-mounted"
TARGET: Target = "config"
SEVERITY: Severity = "warning"
SUMMARY = "Bind-mount the paths a restart or exec reload rule watches, or sync or rebuild."
HADOLINT: str | None = None
FIXABLE = False

_DOES = {"restart": "restarts the container", "exec": "runs its command in the container"}


def check(project: Project) -> Iterator[Finding]:
    cfg = project.config
    for name, svc in cfg.services.items():
        for found in unmounted_reload_paths(svc, cfg.root):
            line, column = project.at("services", name, "dev", "reload", found.rule_index)
            paths = ", ".join(found.paths)
            message = (
                f"service {name}: a change to {paths} {_DOES[found.rule.action]}, but no "
                "bind mount brings it in and the container keeps its image's copy: mount "
                "it (dev.mounts), or use action sync or rebuild"
            )
            yield Finding(ID, SEVERITY, project.path, line, column, message)
