"""Pass `-l` to `useradd` with a high UID.

`useradd` records every user in `/var/log/lastlog` and `/var/log/faillog`, sparse files
as large as the highest UID times the record size: with `-u 100000` or more, the layer
holds gigabytes of zeros, which Docker does not store sparsely. `-l`
(`--no-log-init`) skips them. Unlike hadolint, devenv also reads `--uid`, knows
`/usr/sbin/useradd`, and checks only a literal number (a `$UID` is not known at lint
time).

Bad:

```Dockerfile
FROM debian:12.7-slim
RUN useradd -u 1000000 app
```

Good:

```Dockerfile
FROM debian:12.7-slim
RUN useradd -l -u 1000000 app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3046"
NAME = "useradd-high-uid"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pass `-l` to `useradd` with a high UID."
HADOLINT: str | None = "DL3046"
FIXABLE = False

MESSAGE = "`useradd` without flag `-l` and high UID will result in excessively large Image."


def _uid(cmd: ShellCommand) -> str | None:
    args = cmd.args
    for i, arg in enumerate(args):
        nxt = args[i + 1] if i + 1 < len(args) else None
        if arg == "--uid":
            return nxt
        if arg.startswith("--uid="):
            return arg.partition("=")[2]
        if arg.startswith("-") and not arg.startswith("--") and arg.endswith("u"):
            return nxt
    return None


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.program != "useradd" or cmd.has_flag("l", "no-log-init"):
                continue
            uid = _uid(cmd)
            if uid is not None and uid.isdigit() and int(uid) > 99999:
                line, column = cmd.position_of_arg(uid)
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
