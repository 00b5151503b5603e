"""Set `WORKDIR` before a `COPY` to a relative destination.

`COPY app.py .` copies into the current working directory, which, without a `WORKDIR` in
this stage (or the stage it builds on), is whatever the base image left: `/` for most, but
not all, and it can change with the next base image release. Set `WORKDIR` first or copy
to an absolute path.

Bad:

```Dockerfile
FROM python:3.12
COPY app.py .
```

Good:

```Dockerfile
FROM python:3.12
WORKDIR /app
COPY app.py .
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import args

ID = "DL3045"
NAME = "copy-relative-without-workdir"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Set `WORKDIR` before a `COPY` to a relative destination."
HADOLINT: str | None = "DL3045"
FIXABLE = False

MESSAGE = "`COPY` to a relative destination without `WORKDIR` set."


def _absolute(dest: str) -> bool:
    dest = dest.strip("\"'")
    return dest.startswith(("/", "$")) or re.match(r".:[\\/]", dest) is not None


def check(df: Dockerfile) -> Iterator[Finding]:
    workdir: dict[int, bool] = {}
    for instr in df.instructions:
        if instr.cmd == "FROM":
            stage = df.stages[instr.stage]
            workdir[stage.index] = stage.parent is not None and workdir[stage.parent]
        elif instr.cmd == "WORKDIR":
            workdir[instr.stage] = True
        elif instr.cmd == "COPY" and not workdir.get(instr.stage, False):
            words = args(instr)
            if words and not _absolute(words[-1].text):
                dest = words[-1]
                yield Finding(ID, SEVERITY, df.path, dest.line, dest.column, MESSAGE)
