"""Do not use `sudo` in `RUN`.

The build already runs as the `USER` in force: `sudo` is either useless (as root) or a
sign that the image ships `sudo` with a password-less rule, which hands root to anything
that compromises the application. It also behaves unpredictably without a TTY. Switch
`USER` around the steps that need root, and use `gosu` or `su-exec` in an entrypoint that
must drop privileges at run time.

Bad:

```Dockerfile
FROM debian:12.7
USER app
RUN sudo apt-get update
```

Good:

```Dockerfile
FROM debian:12.7
RUN apt-get update
USER app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3004"
NAME = "no-sudo"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Do not use `sudo` in `RUN`."
HADOLINT: str | None = "DL3004"
FIXABLE = False

MESSAGE = (
    "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        sudo = next((c for c in shell_commands(instr) if c.program == "sudo"), None)
        if sudo is not None:
            yield Finding(ID, SEVERITY, df.path, sudo.line, sudo.column, MESSAGE)
