"""Do not copy a whole stage's filesystem onto `/`.

`COPY --from=build / /` lays every file of the other stage (its package database,
`/etc/passwd`, caches, build tools) over this image: the result is a merge of two
systems that neither stage's package manager knows. Copy the directories you need.

Bad:

```Dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app ./cmd/app
FROM debian:12.7-slim
COPY --from=build / /
```

Good:

```Dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app ./cmd/app
FROM debian:12.7-slim
COPY --from=build /out/app /usr/local/bin/app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3067"
NAME = "copy-whole-stage"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Do not copy a whole stage's filesystem onto `/`."
HADOLINT: str | None = "DL3067"
FIXABLE = False

MESSAGE = "Do not copy an entire filesystem from another stage"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd != "COPY" or instr.flag("from") is None or len(instr.args) < 2:
            continue
        *sources, target = (a.strip("\"'") for a in instr.args)
        if target == "/" and "/" in sources:
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, MESSAGE)
