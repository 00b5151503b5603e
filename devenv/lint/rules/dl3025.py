"""Write `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in JSON (exec) form.

In shell form, `CMD node server.js` runs `/bin/sh -c "node server.js"`: the shell is
process 1, so `docker stop` sends SIGTERM to the shell, which does not pass it on, and the
application is killed after the timeout instead of shutting down cleanly. An image without
`/bin/sh` (distroless, scratch) cannot run a shell-form command at all, health checks
included (hadolint reports those too).

Bad:

```Dockerfile
FROM node:22.11
CMD node server.js
```

Good:

```Dockerfile
FROM node:22.11
CMD ["node", "server.js"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import args

ID = "DL3025"
NAME = "json-cmd"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Write `CMD` and `ENTRYPOINT` in JSON form."
HADOLINT: str | None = "DL3025"
FIXABLE = False

MESSAGE = "Use arguments JSON notation for CMD and ENTRYPOINT arguments"


def _shell_form(instr: Instruction) -> bool:
    if instr.json:
        return False
    if instr.cmd in ("CMD", "ENTRYPOINT"):
        return True
    return instr.cmd == "HEALTHCHECK" and bool(instr.args) and instr.args[0].upper() == "CMD"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if not _shell_form(instr):
            continue
        words = args(instr)[1 if instr.cmd == "HEALTHCHECK" else 0 :]
        line, column = (words[0].line, words[0].column) if words else (instr.line, instr.column)
        yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
