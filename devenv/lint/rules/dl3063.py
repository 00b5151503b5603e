"""Do not name a stage `scratch` or `context`.

`scratch` already means the empty image and `context` the build context in
`--build-context` and `COPY --from`, so a stage with either name makes `FROM scratch` or
`COPY --from=context` mean something other than what a reader expects; BuildKit warns
about it too (its `ReservedStageName` check). Stage names are case-insensitive, so
`Scratch` is the same name.

Bad (Dockerfile):

```Dockerfile
FROM golang:1.23 AS scratch
RUN go build -o /app .
```

Good (Dockerfile):

```Dockerfile
FROM golang:1.23 AS build
RUN go build -o /app .
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3063"
NAME = "reserved-stage-name"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Do not name a stage `scratch` or `context`."
HADOLINT: str | None = "DL3063"
FIXABLE = False

MESSAGE = "Stage name should not be a reserved word: {name!r}."

_RESERVED = ("scratch", "context")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd != "FROM" or instr.stage < 0:
            continue
        name = df.stages[instr.stage].name
        if name is not None and name.lower() in _RESERVED:
            line, column = _name_position(instr, name)
            message = MESSAGE.format(name=name)
            yield Finding(ID, SEVERITY, df.path, line, column, message)


def _name_position(instr: Instruction, name: str) -> tuple[int, int]:
    pattern = re.compile(rf"(?i)\bas\s+({re.escape(name)})\b")
    for i, raw in enumerate(instr.source):
        if m := pattern.search(raw):
            return instr.line + i, m.start(1) + 1
    return instr.line, instr.column
