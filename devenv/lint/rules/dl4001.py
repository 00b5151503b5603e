"""Use either `wget` or `curl` in a stage, not both.

Both download files; installing and using two tools for the same job makes the image
bigger and the Dockerfile harder to follow. Pick one (the one the base image already
has). Every `RUN` that uses one of them after both have appeared in the stage is reported;
`ONBUILD RUN`s are counted on their own, since they run in another build.

Bad:

```Dockerfile
FROM debian:12.7
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

Good:

```Dockerfile
FROM debian:12.7
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
    && curl -fsSLo /tmp/b.tgz https://example.com/b.tgz
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL4001"
NAME = "wget-or-curl"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Use either `wget` or `curl`, not both."
HADOLINT: str | None = "DL4001"
FIXABLE = False

MESSAGE = "Either use Wget or Curl but not both"


def check(df: Dockerfile) -> Iterator[Finding]:
    seen: dict[tuple[int, str], set[str]] = {}
    for instr in df.instructions:
        tools = [c for c in shell_commands(instr) if c.program in ("curl", "wget")]
        if not tools:
            continue
        used = seen.setdefault((instr.stage, instr.cmd), set())
        used.update(c.program for c in tools)
        if len(used) == 2:
            yield Finding(ID, SEVERITY, df.path, tools[0].line, tools[0].column, MESSAGE)
