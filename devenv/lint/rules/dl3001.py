"""Do not run interactive or system-management commands in a RUN.

A RUN executes once, at build time, in a throwaway container with no init, no services
and no terminal: `service nginx start`, `shutdown`, `kill`, `mount`, `ps`, `top`,
`free`, `vim` and `ssh` either fail there or do nothing that reaches the image. Start
services from `CMD`/`ENTRYPOINT`, edit files with `COPY` or `sed`, and fetch remote
files with `COPY`/`ADD` or a `--mount=type=ssh` clone. The set is hadolint's (its
message also names `ifconfig`, which it does not check; neither does devenv).

Bad:

```Dockerfile
FROM debian:12.7-slim
RUN service nginx start
```

Good:

```Dockerfile
FROM debian:12.7-slim
CMD ["nginx", "-g", "daemon off;"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3001"
NAME = "pointless-command"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Do not run interactive or system-management commands in a RUN."
HADOLINT: str | None = "DL3001"
FIXABLE = False

MESSAGE = (
    "For some bash commands it makes no sense running them in a Docker container like "
    "`ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`"
)

_POINTLESS = frozenset({"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"})


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.program in _POINTLESS:
                message = f"{MESSAGE} (here: `{cmd.program}`)"
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, message)
