"""Begin the Dockerfile with `FROM` (or the `ARG`s that `FROM` uses).

Before the first `FROM` only `ARG` (and comments and parser directives) may appear:
Docker rejects any other instruction there ("no build stage in current context"), so
the build fails at once.

Bad:

```Dockerfile
LABEL org.opencontainers.image.source="https://example.com/repo"
FROM debian:12.7-slim
```

Good:

```Dockerfile
ARG BASE=debian:12.7-slim
FROM ${BASE}
LABEL org.opencontainers.image.source="https://example.com/repo"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3061"
NAME = "from-first"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Begin the Dockerfile with `FROM` or `ARG`."
HADOLINT: str | None = "DL3061"
FIXABLE = False

MESSAGE = "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment."


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd == "FROM":
            return
        if instr.cmd != "ARG":
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, MESSAGE)
