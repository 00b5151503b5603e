"""Merge consecutive single-command `RUN` instructions.

Each `RUN` is a layer: two RUNs in a row, each running one command, make two layers where
one would do, and a file deleted in the second still takes space in the first. Like
hadolint, devenv only reports a pair of RUNs that each run a single command (a RUN that
already chains commands with `&&`, `;` or a pipe was split on purpose), have the same
`--mount`/`--network`/`--security` flags, and have nothing but comments between them.
RUNs under a non-POSIX `SHELL` (PowerShell, cmd) are not reported: their commands cannot
be counted or merged safely.

Bad:

```Dockerfile
FROM debian:12.7
RUN mkdir -p /app/data
RUN chown nobody /app/data
```

Good:

```Dockerfile
FROM debian:12.7
RUN mkdir -p /app/data && chown nobody /app/data
```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from devenv.dockerfile import Dockerfile, Instruction, shell_commands
from devenv.finding import Finding, Severity, Target
from devenv.shell import is_posix

ID = "DL3059"
NAME = "consecutive-run"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Merge consecutive `RUN` instructions into one."
HADOLINT: str | None = "DL3059"
FIXABLE = True

MESSAGE = "Multiple consecutive `RUN` instructions. Consider consolidation."


def _single(instr: Instruction) -> bool:
    return len(shell_commands(instr)) <= 1


def check(df: Dockerfile) -> Iterator[Finding]:
    # hadolint's state machine: the RUN that starts a run of RUNs is remembered; a later
    # RUN is reported when both it and the remembered one run at most one command with
    # the same flags, else it starts a new run. Any other instruction ends the run.
    start: Instruction | None = None
    for instr in df.instructions:
        if instr.cmd != "RUN" or not is_posix(instr.shell):
            start = None
        elif start is None or sorted(start.flags) != sorted(instr.flags):
            start = instr
        elif _single(start) and _single(instr):
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, MESSAGE)
        else:
            start = instr


def fix(df: Dockerfile, findings: Sequence[Finding]) -> str:
    """Join each flagged RUN to the RUN above with `&& \\` (`devenv.fixes.merge_runs`),
    only where the upper RUN cannot leak shell state into the lower one."""
    from devenv import fixes  # only --fix needs it

    return fixes.merge_runs(df, findings)
