"""Use `WORKDIR` instead of `cd` in `RUN`.

A `cd` lasts until the end of its `RUN`; the next instruction starts back in the
`WORKDIR`. `WORKDIR` says once where the following instructions run, is visible in the
image's config, and is easier to read than a `cd` buried in a chain of commands. As in
hadolint, every `cd` is reported, in a subshell or `$(...)` too.

Bad:

```Dockerfile
FROM debian:12.7
RUN cd /usr/src/app && make install
```

Good:

```Dockerfile
FROM debian:12.7
WORKDIR /usr/src/app
RUN make install
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3003"
NAME = "cd-in-run"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Use `WORKDIR` instead of `cd` in `RUN`."
HADOLINT: str | None = "DL3003"
FIXABLE = False

MESSAGE = "Use WORKDIR to switch to a directory"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd != "RUN":  # hadolint does not read ONBUILD RUN for this rule
            continue
        cd = next((c for c in shell_commands(instr) if c.program == "cd"), None)
        if cd is not None:
            yield Finding(ID, SEVERITY, df.path, cd.line, cd.column, MESSAGE)
