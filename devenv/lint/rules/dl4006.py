"""Set `-o pipefail` in `SHELL` before a `RUN` with a pipe.

`/bin/sh -c "curl -fsSL https://example.com/install.sh | sh"` succeeds when `curl` fails:
a pipeline's status is that of its last command. With `SHELL ["/bin/bash", "-o",
"pipefail", "-c"]` the failure stops the build. Shells that have `pipefail` are bash, zsh
and ash (BusyBox); under PowerShell or cmd the rule does not apply. Unlike hadolint, devenv
knows that a stage built on an earlier stage inherits its `SHELL`.

Bad:

```Dockerfile
FROM debian:12.7
RUN curl -fsSL https://example.com/install.sh | sh
```

Good:

```Dockerfile
FROM debian:12.7
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_script
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.shell import is_posix

ID = "DL4006"
NAME = "pipefail"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Set `-o pipefail` in `SHELL` before a `RUN` with a pipe."
HADOLINT: str | None = "DL4006"
FIXABLE = False

MESSAGE = (
    "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using "
    "/bin/sh in an alpine image or if your shell is symlinked to busybox then consider "
    "explicitly setting your SHELL to /bin/ash, or disable this check"
)


def _pipefail(shell: tuple[str, ...]) -> bool:
    words = " ".join(shell).split()  # hadolint reads SHELL's words as one command line
    if words and words[0].rsplit("/", 1)[-1] == "env":
        words = words[1:]
    if not words or words[0].rsplit("/", 1)[-1] not in ("bash", "zsh", "ash"):
        return False
    short = [w for w in words[1:] if w.startswith("-") and not w.startswith("--")]
    return "pipefail" in words and any("o" in w for w in short)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd != "RUN" or not is_posix(instr.shell) or _pipefail(instr.shell):
            continue
        script = shell_script(instr)
        if not script.has_pipe:
            continue
        piped = next((c for c in script.commands if c.after in ("|", "|&")), None)
        line, column = (piped.line, piped.column) if piped else (instr.line, instr.column)
        yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
