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

from devenv.lint.dockerfile import Dockerfile, Instruction, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import _fix
from devenv.lint.shell import is_posix

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
    """Join each flagged RUN to the RUN above with `&& \\`,
    only where the upper RUN cannot leak shell state into the lower one."""
    lines: list[str | None] = list(df.lines)
    for instr in reversed(_fix.instructions(df, findings)):
        upper = _fix.previous(df, instr)
        if upper is None or not _mergeable(df, upper, instr):
            continue
        last = upper.end_line
        raw = lines[last - 1]
        assert raw is not None
        body = raw.rstrip()
        lines[last - 1] = body.removesuffix(";").rstrip() + " && \\"
        indent = _indent(upper)
        for n in range(last + 1, instr.line):  # keep comments between, drop blank lines
            text = lines[n - 1]
            if text is not None:
                lines[n - 1] = indent + text.lstrip() if text.strip() else None
        first = lines[instr.line - 1]
        assert first is not None
        lines[instr.line - 1] = indent + _strip_keyword(first, instr)
    return _fix.join(df, [line for line in lines if line is not None])


def _mergeable(df: Dockerfile, upper: Instruction, lower: Instruction) -> bool:
    up, low = _fix.plain_run(upper), _fix.plain_run(lower)
    if up is None or low is None or upper.flags != lower.flags:
        return False
    if any("ignore=" in df.lines[n - 1] for n in range(upper.end_line + 1, lower.line)):
        return False  # a pragma between would end up inside the merged RUN
    return not _fix.leaks_state(up) and not low.statement_types & {"ERROR"}


def _indent(upper: Instruction) -> str:
    for raw in upper.source[1:]:
        stripped = raw.lstrip()
        if stripped and not stripped.startswith("#"):
            return raw[: len(raw) - len(stripped)]
    return " " * (upper.column - 1 + 4)


def _strip_keyword(first: str, instr: Instruction) -> str:
    rest = first.lstrip()[len(instr.cmd) :].lstrip()
    for flag in instr.flags:
        rest = rest.removeprefix(flag).lstrip()
    return rest
