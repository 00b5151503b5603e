"""`--format text`: `file:line:col: [severity] RULE message`, one a line, for tools and
pipes; on a terminal, colour, findings grouped by file and a summary line."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from devenv.lint.finding import SEVERITIES, Finding

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "style": "magenta"}


def render(findings: Sequence[Finding], *, files: int = 0, color: bool = False) -> str:
    if not color:
        return "".join(
            f"{f.file}:{f.line}:{f.column}: [{f.severity}] {f.rule} {f.message}\n" for f in findings
        )
    return _rich(findings, files)


def summary(findings: Sequence[Finding], files: int) -> str:
    if not findings:
        return f"No problems in {files} file{'s' * (files != 1)}."
    counts = [
        f"{n} {s}{'s' * (n != 1 and s in ('error', 'warning'))}"
        for s in SEVERITIES
        if (n := sum(1 for f in findings if f.severity == s))
    ]
    touched = len({f.file for f in findings})
    return (
        f"{len(findings)} problem{'s' * (len(findings) != 1)} ({', '.join(counts)}) "
        f"in {touched} of {files} file{'s' * (files != 1)}."
    )


def _rich(findings: Sequence[Finding], files: int) -> str:
    from rich.console import Console
    from rich.text import Text

    console = Console(force_terminal=True, highlight=False, soft_wrap=True)
    with console.capture() as capture:
        for file, group in groupby(findings, key=lambda f: f.file):
            console.print(Text(file, style="bold underline"))
            for f in group:
                line = Text(f"  {f.line}:{f.column}".ljust(10))
                line.append(f"{f.severity:<8}", style=_STYLE[f.severity])
                line.append(f"{f.rule}  ", style="dim")
                line.append(f.message)
                if f.fixable:
                    line.append("  (fixable with --fix)", style="green")
                console.print(line)
            console.print()
        style = "bold red" if findings else "bold green"
        console.print(Text(summary(findings, files), style=style))
    return capture.get()
