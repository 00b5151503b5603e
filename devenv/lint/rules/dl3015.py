"""Pass `--no-install-recommends` to `apt-get install`.

By default apt also installs every package the ones you asked for merely recommend:
documentation, optional tools, sometimes a whole X11 stack. The image grows by tens or
hundreds of megabytes you never use, each with its own security updates. Ask for what the
image needs and nothing more.

Bad:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install -y curl
```

Good:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3015"
NAME = "apt-no-install-recommends"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Pass `--no-install-recommends` to `apt-get install`."
HADOLINT: str | None = "DL3015"
FIXABLE = False

MESSAGE = "Avoid additional packages by specifying `--no-install-recommends`"

# hadolint accepts only `APT::Install-Recommends=false` as a separate word; apt reads the
# option however it is spelt, also glued to `-o` and as 0/no.
_OFF = frozenset(f"apt::install-recommends={v}" for v in ("false", "0", "no", "off"))


def _without_recommends(cmd: ShellCommand) -> bool:
    if cmd.has_flag("no-install-recommends"):
        return True
    return any(a.removeprefix("-o").lower() in _OFF for a in cmd.args)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.is_("apt-get", "install") and not _without_recommends(cmd):
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
