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

from collections.abc import Iterator, Sequence

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
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
        install = _uncleaned_install(shell_commands(instr))
        if install is not None:
            yield Finding(ID, SEVERITY, df.path, install.line, install.column, MESSAGE)


def _uncleaned_install(commands: Sequence[ShellCommand]) -> ShellCommand | None:
    """The first `yarn install` that no cleanup follows: a `yarn cache clean` before the
    install does not clean what it downloads (issue 15). hadolint takes any `yarn cache
    ...` or `yarn ... clean` as the cleanup."""
    pending: ShellCommand | None = None
    for cmd in commands:
        if cmd.is_("yarn", "cache", "clean"):
            pending = None
        elif cmd.is_("yarn", "install") and pending is None:
            pending = cmd
    return pending
