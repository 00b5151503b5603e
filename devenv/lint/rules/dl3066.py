"""Give `USER` a numeric user id.

A name in `USER app` is resolved in the image's `/etc/passwd`, which the host and
Kubernetes cannot see: `runAsNonRoot` cannot verify it, and a volume's ownership on the
host cannot be matched to it. `USER 10001` (or `10001:10001`; a group name after the
colon is fine) says which id the process runs as. As in hadolint, a variable set by an
`ARG` (`USER $UID`) is left alone, since the build decides it; any other variable is
reported.

Bad:

```Dockerfile
FROM debian:12.7-slim
RUN useradd -r -u 10001 app
USER app
```

Good:

```Dockerfile
FROM debian:12.7-slim
RUN useradd -r -u 10001 app
USER 10001
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, key_values
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3066"
NAME = "numeric-user"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Give `USER` a numeric user id."
HADOLINT: str | None = "DL3066"
FIXABLE = False

MESSAGE = "Non-numeric user-id may not be resolvable by host system"


_VAR = re.compile(r"\$\{?(\w+)\}?")


def check(df: Dockerfile) -> Iterator[Finding]:
    args: set[str] = set()
    stage = -1
    for instr in df.instructions:
        if instr.stage != stage:  # a stage sees only the global ARGs redeclared in it
            stage = instr.stage
            args = set()
        if instr.cmd == "ARG":
            args.update(k for k, _ in key_values(instr))
        if instr.cmd != "USER" or not instr.args:
            continue
        uid = instr.args[0].partition(":")[0]
        m = _VAR.fullmatch(uid)
        if m is not None and m.group(1) in args:
            continue
        if not uid.isdigit():
            line, column = instr.position_of(instr.args[0])
            yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
