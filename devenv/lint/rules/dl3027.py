"""Use `apt-get` (or `apt-cache`), not `apt`, in a Dockerfile.

`apt` is the interactive front end: its output and options may change between releases
and it warns "apt does not have a stable CLI interface. Use with caution in scripts."
`apt-get` and `apt-cache` are the stable tools meant for scripts.

Bad:

```Dockerfile
FROM debian:12.7
RUN apt update && apt install -y curl
```

Good:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install -y curl
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3027"
NAME = "no-apt"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Use `apt-get` or `apt-cache`, not `apt`."
HADOLINT: str | None = "DL3027"
FIXABLE = False

MESSAGE = "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        apt = next((c for c in shell_commands(instr) if c.program == "apt"), None)
        if apt is not None:
            yield Finding(ID, SEVERITY, df.path, apt.line, apt.column, MESSAGE)
