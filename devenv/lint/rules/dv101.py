"""Run `apt-get update` in the same RUN as the `apt-get install` that needs it.

Each RUN is a cached layer. A RUN that only updates the package lists is cached once and
then reused for months, while a later RUN that installs packages is rebuilt whenever its
text changes: it then installs from the stale lists of the cached layer, and fails
when the mirror has dropped those package versions (or silently installs old ones).
Updating and installing in one RUN keeps the lists and the install in the same layer, so
they are always rebuilt together. An `upgrade`, `dist-upgrade`, `full-upgrade`,
`build-dep`, `source` or `download` in the same RUN uses the lists too and counts as an
install. `apt update` is read the same way.

Bad:

```Dockerfile
FROM debian:12.7-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u7
```

Good:

```Dockerfile
FROM debian:12.7-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u7 \\
 && rm -rf /var/lib/apt/lists/*
```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from devenv.lint.dockerfile import Dockerfile, Instruction, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import _fix

ID = "DV101"
NAME = "apt-update-alone"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Run `apt-get update` in the same RUN as `apt-get install`."
HADOLINT: str | None = None
FIXABLE = True

_APT = ("apt-get", "apt")
# Subcommands that read the package lists: with one of them the update is not wasted.
_USES_LISTS = frozenset(
    {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download"}
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        commands = shell_commands(instr)
        updates = [c for c in commands if any(c.is_(apt, "update") for apt in _APT)]
        if not updates:
            continue
        if any(c.is_(apt, *_USES_LISTS) for c in commands for apt in _APT):
            continue
        first = updates[0]
        message = (
            f"`{first.program} update` without an install in the same RUN: its cached "
            "layer goes stale; update and install in one RUN"
        )
        yield Finding(ID, SEVERITY, df.path, first.line, first.column, message)


def fix(df: Dockerfile, findings: Sequence[Finding]) -> str:
    """Move an update-only RUN into the next RUN of the stage, before what needs the lists
    (only where the image stays the same)."""
    lines: list[str | None] = list(df.lines)
    for instr in reversed(_fix.instructions(df, findings)):
        update = _only_update(instr)
        nxt = _fix.next_in_stage(df, instr)
        if update is None or nxt is None or nxt.flags != instr.flags:
            continue
        script = _fix.plain_run(nxt)
        users = (
            [c for c in script.commands if any(c.is_(a, *_USES_LISTS) for a in _APT)]
            if (script)
            else []
        )
        if not users or users[0].depth or users[0].before not in ("", "&&", ";", "\n"):
            continue
        line, col = users[0].line, users[0].column
        raw = lines[line - 1]
        assert raw is not None
        lines[line - 1] = f"{raw[: col - 1]}{_command_text(update)} && {raw[col - 1 :]}"
        for n in range(instr.line, instr.end_line + 1):
            lines[n - 1] = None
    return _fix.join(df, [line for line in lines if line is not None])


def _only_update(instr: Instruction) -> ShellCommand | None:
    script = _fix.plain_run(instr)
    if script is None or len(script.commands) != 1 or _fix.LEAKY_NODES & script.statement_types:
        return None
    (cmd,) = script.commands
    return cmd if any(cmd.is_(a, "update") for a in _APT) and not cmd.env else None


def _command_text(cmd: ShellCommand) -> str:
    return cmd.text if "\n" not in cmd.text else " ".join((cmd.name, *cmd.args))
