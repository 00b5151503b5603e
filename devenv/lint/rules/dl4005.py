"""Change the shell with `SHELL`, not by relinking `/bin/sh`.

`RUN ln -sf /bin/bash /bin/sh` changes the shell of every later RUN behind the reader's
back, and of every program in the image that calls `system()` or `/bin/sh` at run time,
which then runs bash where it expected a POSIX sh. `SHELL ["/bin/bash", "-c"]` changes
only the RUNs of this Dockerfile, visibly.

Bad:

```Dockerfile
FROM debian:12.7-slim
RUN ln -sf /bin/bash /bin/sh
```

Good:

```Dockerfile
FROM debian:12.7-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL4005"
NAME = "use-shell"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Change the shell with `SHELL`, not by relinking `/bin/sh`."
HADOLINT: str | None = "DL4005"
FIXABLE = False

MESSAGE = "Use SHELL to change the default shell"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.program == "ln" and cmd.has_arg("/bin/sh"):
                line, column = cmd.position_of_arg("/bin/sh")
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
