"""Give `WORKDIR` an absolute path.

A relative `WORKDIR` is resolved against whatever the previous one was, possibly set in a
base image you do not control, so the same line can land in a different folder when the
base changes. An absolute path (or one that starts with a variable, or a Windows drive)
says where the commands run.

Bad:

```Dockerfile
FROM debian:12.7
WORKDIR app
```

Good:

```Dockerfile
FROM debian:12.7
WORKDIR /app
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import args

ID = "DL3000"
NAME = "absolute-workdir"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Give `WORKDIR` an absolute path."
HADOLINT: str | None = "DL3000"
FIXABLE = False

MESSAGE = "Use absolute WORKDIR"


def _absolute(path: str) -> bool:
    path = path.strip("\"'")
    return path.startswith(("/", "$")) or re.match(r"[A-Za-z]:", path) is not None


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        words = args(instr) if instr.cmd == "WORKDIR" else []
        if words and not _absolute(" ".join(instr.args)):
            yield Finding(ID, SEVERITY, df.path, words[0].line, words[0].column, MESSAGE)
