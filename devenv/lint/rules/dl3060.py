"""Run `yarn cache clean` in the `RUN` that runs `yarn install`.

Yarn keeps a copy of every package it downloads in its global cache; after the install
those copies are dead weight in the layer, often as large as `node_modules` itself.
Clean the cache in the same `RUN` (a later `RUN` cannot shrink the earlier layer), or put
the cache on a cache mount. As in hadolint, only the stages that end up in an image are
checked: the final stage and stages another stage is built `FROM`.

Bad:

```Dockerfile
FROM node:22.11
RUN yarn install --frozen-lockfile
```

Good:

```Dockerfile
FROM node:22.11
RUN yarn install --frozen-lockfile && yarn cache clean
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._in_image import stages_in_image
from devenv.lint.rules._mounts import cache_targets

ID = "DL3060"
NAME = "yarn-cache-clean"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Run `yarn cache clean` in the `RUN` that runs `yarn install`."
HADOLINT: str | None = "DL3060"
FIXABLE = False

MESSAGE = "`yarn cache clean` missing after `yarn install` was run."


def check(df: Dockerfile) -> Iterator[Finding]:
    kept = stages_in_image(df)
    for instr in df.instructions:
        # An ONBUILD RUN runs in whatever image builds on this one: always checked.
        if instr.cmd == "RUN" and instr.stage not in kept:
            continue
        if any(".cache/yarn" in t for t in cache_targets(instr)):
            continue
        commands = shell_commands(instr)
        install = next((c for c in commands if c.is_("yarn", "install")), None)
        # hadolint takes any `yarn cache ...` or `yarn ... clean` as the cleanup.
        if install is not None and not any(c.is_("yarn", "cache", "clean") for c in commands):
            yield Finding(ID, SEVERITY, df.path, install.line, install.column, MESSAGE)
