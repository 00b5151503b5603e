"""Pin the version of what `go install`, `go get` and `go run` fetch.

`go install example.com/tool` (or `@latest`) installs whatever was tagged last, so two
builds of the same Dockerfile differ and a rebuild can pull a breaking release. Name a
version, `go install example.com/tool@v1.4.2`; a local package (`.`, `./cmd/app`, an
absolute path) is pinned by the build context. For `go run` only the package it runs is
read: what follows are the program's own arguments.

Bad (Dockerfile):

```Dockerfile
FROM golang:1.23
RUN go install golang.org/x/tools/gopls@latest
```

Good (Dockerfile):

```Dockerfile
FROM golang:1.23
RUN go install golang.org/x/tools/gopls@v0.16.2
```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3062"
NAME = "go-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `go install`, `go get` and `go run`."
HADOLINT: str | None = "DL3062"
FIXABLE = False

MESSAGE = (
    "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`"
)

_FLOATING = ("@latest", "@none")


def _pinned(package: str) -> bool:
    if package == "." or package.startswith(("/", ".")):
        return True
    return "@" in package and not package.endswith(_FLOATING)


def _words(cmd: ShellCommand) -> list[tuple[str, tuple[int, int]]]:
    # hadolint drops every word that starts with `-` and keeps flag values as words.
    return [
        (arg, pos)
        for arg, pos in zip(cmd.args, cmd.arg_positions, strict=False)
        if not arg.startswith("-")
    ]


def _packages(commands: Sequence[ShellCommand]) -> list[tuple[str, tuple[int, int]]]:
    """As hadolint 2.15.1 reads a RUN: the package of each `go run` when there is one
    (the word after `run`), else every word of `go install` and `go get`."""
    go = [c for c in commands if c.program == "go"]
    run = [w for c in go if "run" in c.args for w in _words(c)[:2] if w[0] != "run"]
    if run:
        return run
    return [
        w
        for c in go
        if "install" in c.args or "get" in c.args
        for w in _words(c)
        if w[0] not in ("install", "get", "tool")
    ]


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        loose = [pos for word, pos in _packages(shell_commands(instr)) if not _pinned(word)]
        if loose:
            line, column = loose[0]
            yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
