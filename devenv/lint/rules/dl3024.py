"""Give every stage a different name.

`COPY --from=build` and `FROM build` pick a stage by name; with two stages called `build`
the reader cannot tell which one is meant, and Docker refuses the file.

Bad:

```Dockerfile
FROM golang:1.23 AS build
FROM node:22 AS build
```

Good:

```Dockerfile
FROM golang:1.23 AS build-api
FROM node:22 AS build-web
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import words

ID = "DL3024"
NAME = "duplicate-stage-name"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Give every stage a different name."
HADOLINT: str | None = "DL3024"
FIXABLE = False

MESSAGE = "FROM aliases (stage names) must be unique"


def check(df: Dockerfile) -> Iterator[Finding]:
    seen: set[str] = set()
    for stage in df.stages:
        if not stage.name:
            continue
        # Docker compares stage names case-insensitively; hadolint as written.
        if stage.name.lower() in seen:
            instr = df.instruction_at(stage.first_line)
            found = words(instr) if instr else []
            name = next((w for w in reversed(found) if w.text == stage.name), None)
            line, column = (name.line, name.column) if name else (stage.first_line, 1)
            yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
        seen.add(stage.name.lower())
