"""Give `wget` a quieter progress display.

`wget`'s default progress bar, without a terminal, prints a line of dots every few
kilobytes: a large download fills the build log with thousands of lines and hides what
matters. Use `--progress=dot:giga`, or `-q`/`-nv`, or send the log to a file (`-o`).

Bad:

```Dockerfile
FROM debian:12.7
RUN wget https://example.com/big.tar.gz
```

Good:

```Dockerfile
FROM debian:12.7
RUN wget --progress=dot:giga https://example.com/big.tar.gz
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3047"
NAME = "wget-progress"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Give `wget` a quieter progress display."
HADOLINT: str | None = "DL3047"
FIXABLE = False

MESSAGE = (
    "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. "
    "Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`)."
)

# Options that silence the progress display or send it to a log file.
_QUIET = ("progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose")


def _noisy(cmd: ShellCommand) -> bool:
    return cmd.program == "wget" and not cmd.has_flag(*_QUIET) and not cmd.has_arg("-nv")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        wget = next((c for c in shell_commands(instr) if _noisy(c)), None)
        if wget is not None:
            yield Finding(ID, SEVERITY, df.path, wget.line, wget.column, MESSAGE)
