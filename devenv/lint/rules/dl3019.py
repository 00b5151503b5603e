"""Pass `--no-cache` to `apk add`.

`apk add` keeps the package index it downloads in `/var/cache/apk`, a few megabytes in
the layer that nothing uses after the build. `--no-cache` fetches a fresh index and keeps
nothing, so no `apk update` and no `rm -rf /var/cache/apk/*` are needed. A `RUN` with a
cache mount on `/var/cache/apk` is fine too: the mount never reaches the image.

Bad:

```Dockerfile
FROM alpine:3.20
RUN apk update && apk add curl=8.9.1-r2
```

Good:

```Dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r2
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._mounts import cache_targets

ID = "DL3019"
NAME = "apk-no-cache"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Pass `--no-cache` to `apk add`."
HADOLINT: str | None = "DL3019"
FIXABLE = False

MESSAGE = (
    "Use the `--no-cache` switch to avoid the need to use `--update` and remove "
    "`/var/cache/apk/*` when done installing packages"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if any(t.startswith("/var/cache/apk") for t in cache_targets(instr)):
            continue
        for cmd in shell_commands(instr):
            if cmd.is_("apk", "add") and not cmd.has_flag("no-cache"):
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
