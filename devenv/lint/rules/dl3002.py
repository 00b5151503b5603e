"""Do not leave `root` as the last `USER` of a stage.

The last `USER` decides who the container's processes run as. Running as root gives a
process that escapes the application every permission in the container, and more on a
misconfigured host. Switch back to an unprivileged user once the steps that need root are
done. As in hadolint, every stage is checked, since a stage can be the base of another.

Bad:

```Dockerfile
FROM debian:12.7
USER root
RUN apt-get update
```

Good:

```Dockerfile
FROM debian:12.7
RUN useradd --system app
USER app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import args

ID = "DL3002"
NAME = "last-user-root"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Switch to an unprivileged `USER` at the end of each stage."
HADOLINT: str | None = "DL3002"
FIXABLE = False

MESSAGE = "Last USER should not be root"


def _is_root(user: str) -> bool:
    # Docker unquotes the value; hadolint compares it quoted, so misses `USER "root"`.
    user = user.strip("\"'")
    return user in ("root", "0") or user.startswith(("root:", "0:"))


def check(df: Dockerfile) -> Iterator[Finding]:
    last: dict[int, Instruction] = {}
    for instr in df.instructions:
        if instr.cmd == "USER" and instr.stage >= 0:
            last[instr.stage] = instr
    for instr in last.values():
        words = args(instr)
        if words and _is_root(instr.args[0]):
            yield Finding(ID, SEVERITY, df.path, words[0].line, words[0].column, MESSAGE)
