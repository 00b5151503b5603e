"""End the destination with `/` when `COPY` copies several sources.

With more than one source, Docker needs a directory to copy into and refuses a
destination without a trailing `/` ("When using COPY with more than one source file,
the destination must be a directory and end with a /"): the build fails at that step.

Bad:

```Dockerfile
FROM python:3.12-slim
COPY requirements.txt constraints.txt /app
```

Good:

```Dockerfile
FROM python:3.12-slim
COPY requirements.txt constraints.txt /app/
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3021"
NAME = "copy-dest-slash"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "End the destination with `/` when `COPY` copies several sources."
HADOLINT: str | None = "DL3021"
FIXABLE = False

MESSAGE = "COPY with more than 2 arguments requires the last argument to end with /"


def _last_position(instr: Instruction, token: str) -> tuple[int, int]:
    for i in range(len(instr.source) - 1, -1, -1):
        col = instr.source[i].rfind(token)
        if col >= 0:
            return instr.line + i, col + 1
    return instr.line, instr.column


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if (instr.sub_cmd or instr.cmd) != "COPY" or len(instr.args) <= 2:
            continue
        dest = instr.args[-1]
        if not dest.strip("\"'").endswith("/"):
            line, column = _last_position(instr, dest)
            yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
