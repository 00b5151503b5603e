"""Write production stacks that `docker stack deploy` accepts as written.

The Swarm loader of the Docker CLI reads an older Compose format than Compose v2. It
rejects a file with `include`, `profiles`, `extends`, long-form `depends_on` (a
mapping with `condition:`), an `env_file` entry written as a mapping (`{path:,
required:}`) or a top-level `name`, and it silently ignores `build`: the stack then runs
whatever image the tag points at, not what the file seems to build. devenv never renders
these into the production stack; this rule is for Compose files written by hand and
linted with `--env prod`.

Bad:

```yaml
name: shop
services:
  api:
    build: .
    image: registry.local/shop/api:1.4.2
    depends_on:
      db: {condition: service_healthy}
```

Good:

```yaml
services:
  api:
    image: registry.local/shop/api:1.4.2
    depends_on: [db]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Stack

ID = "DV211"
NAME = "not-for-stack-deploy"
TARGET: Target = "prod"
SEVERITY: Severity = "error"
SUMMARY = "Leave out what `docker stack deploy` rejects or ignores."
HADOLINT: str | None = None
FIXABLE = False

_TOP = {
    "name": "top-level `name` is rejected by docker stack deploy: the stack is named on "
    "the command line",
    "include": "`include` is rejected by docker stack deploy: merge the files first",
}
_SERVICE = {
    "build": "`build` is ignored by docker stack deploy: build and push the image, and "
    "deploy it by tag or digest",
    "profiles": "`profiles` is rejected by docker stack deploy: use a separate stack file",
    "extends": "`extends` is rejected by docker stack deploy: write the service out",
}


def check(stack: Stack) -> Iterator[Finding]:
    for key, message in _TOP.items():
        if key in stack.data:
            yield _finding(stack, (key,), message)
    for name, svc in stack.services():
        for key, message in _SERVICE.items():
            if key in svc:
                yield _finding(stack, ("services", name, key), f"service {name}: {message}")
        if isinstance(svc.get("depends_on"), Mapping):
            message = (
                f"service {name}: long-form depends_on is rejected by docker stack deploy "
                "(Swarm does not order start-up): use a list of names and healthchecks"
            )
            yield _finding(stack, ("services", name, "depends_on"), message)
        if _object_env_file(svc.get("env_file")):
            message = (
                f"service {name}: an env_file entry written as a mapping is rejected by "
                "docker stack deploy: give the path as a string"
            )
            yield _finding(stack, ("services", name, "env_file"), message)


def _object_env_file(value: Any) -> bool:
    if isinstance(value, Mapping):
        return True
    return isinstance(value, list) and any(isinstance(v, Mapping) for v in value)


def _finding(stack: Stack, path: tuple[str, ...], message: str) -> Finding:
    line, column = stack.at(*path)
    return Finding(ID, SEVERITY, stack.path, line, column, message)
