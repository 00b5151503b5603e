"""Pass `-y` to `apt-get install`.

A build has no one at the keyboard: without `-y`, `apt-get install` stops at "Do you want
to continue? [Y/n]" whenever it would install more than the packages named, reads end of
input and aborts, so the build fails depending on what the mirror serves that day.
`--yes`, `--assume-yes`, quiet level 2 (`-qq`, `-q -q`, `-q=2`, which apt documents as
implying `-y`) and `-o APT::Get::Assume-Yes=true` all answer for you.

Bad:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install --no-install-recommends curl
```

Good:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands, shell_script
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import _fix

ID = "DL3014"
NAME = "apt-get-yes"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pass `-y` to `apt-get install`."
HADOLINT: str | None = "DL3014"
FIXABLE = True

MESSAGE = "Use the `-y` switch to avoid manual input `apt-get -y install <package>`"


_YES_OPTIONS = frozenset(f"apt::get::assume-yes={v}" for v in ("true", "yes", "1"))


def _quiet_level(cmd: ShellCommand) -> int:
    level = 0
    for arg in cmd.args:
        name, eq, value = arg.partition("=")
        if name in ("-q", "--quiet") and eq:
            level += int(value) if value.isdigit() else 0
        elif name == "--quiet":
            level += 1
        elif re.fullmatch(r"-[A-Za-z]+", arg):
            level += arg.count("q")
    return level


def _assumes_yes(cmd: ShellCommand) -> bool:
    # hadolint takes quiet level 2 only when written with exactly two `q`s; apt takes any
    # level of 2 or more (`-qqq`, `-q --quiet`, `--quiet=2`) as `-y`, and so does devenv.
    if cmd.has_flag("y", "yes", "assume-yes") or _quiet_level(cmd) >= 2:
        return True
    return any(a.removeprefix("-o").lower() in _YES_OPTIONS for a in cmd.args)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.is_("apt-get", "install") and not _assumes_yes(cmd):
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)


def fix(df: Dockerfile, findings: Sequence[Finding]) -> str:
    """Add `-y` to each flagged `apt-get install`: a build that
    needed the answer aborted before, so every build that worked gives the same image."""
    lines = list(df.lines)
    at = {(f.line, f.column) for f in findings}
    for instr in reversed(_fix.instructions(df, findings)):
        if _fix.plain_run(instr) is None:
            continue
        installs = [c for c in shell_script(instr).commands if c.is_("apt-get", "install")]
        flagged = [c for c in installs if (c.line, c.column) in at] or [
            c for c in installs if not c.has_flag("y", "yes", "assume-yes")
        ]
        for cmd in sorted(flagged, key=lambda c: (c.line, c.column), reverse=True):
            line, col = cmd.position_of_arg("install")
            raw = lines[line - 1]
            if raw[col - 1 : col - 1 + 7] == "install":
                lines[line - 1] = raw[: col - 1 + 7] + " -y" + raw[col - 1 + 7 :]
            else:
                lines[line - 1] = raw[: col - 1] + "-y " + raw[col - 1 :]
    return _fix.join(df, lines)
