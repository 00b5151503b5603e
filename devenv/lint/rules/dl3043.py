"""Do not put `ONBUILD`, `FROM` or `MAINTAINER` under `ONBUILD`.

Docker refuses these three as `ONBUILD` triggers ("Chaining ONBUILD via `ONBUILD
ONBUILD` isn't allowed", "FROM isn't allowed as an ONBUILD trigger"): the image that
builds on this one fails at its `FROM`, long after this Dockerfile seemed fine.

Bad:

```Dockerfile
FROM golang:1.22
ONBUILD FROM debian:12.7-slim
```

Good:

```Dockerfile
FROM golang:1.22
ONBUILD COPY . /src
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3043"
NAME = "onbuild-trigger"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Do not put `ONBUILD`, `FROM` or `MAINTAINER` under `ONBUILD`."
HADOLINT: str | None = "DL3043"
FIXABLE = False

MESSAGE = "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction."

_FORBIDDEN = frozenset({"ONBUILD", "FROM", "MAINTAINER"})


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd == "ONBUILD" and instr.sub_cmd in _FORBIDDEN:
            first = instr.source[0] if instr.source else ""
            start = first.upper().find(instr.sub_cmd, instr.column - 1 + len("ONBUILD"))
            column = start + 1 if start >= 0 else instr.column
            yield Finding(ID, SEVERITY, df.path, instr.line, column, MESSAGE)
