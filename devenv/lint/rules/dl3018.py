"""Pin the versions of the packages `apk add` installs.

Without a version, the package is whatever the Alpine mirror serves on the day of the
build, so two builds of the same Dockerfile differ. Pin `package=version`, or a version
prefix with `package~version`, or a range (`package>1.2`). A local `.apk` file counts
as pinned.

Bad:

```Dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

Good:

```Dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r2
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3018"
NAME = "apk-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `apk add`."
HADOLINT: str | None = "DL3018"
FIXABLE = False

MESSAGE = (
    "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`"
)

# Options of apk that take a value: that value is not a package.
_VALUE_FLAGS = ("t", "virtual", "repository", "X")


def _pinned(package: str) -> bool:
    return any(c in package for c in "=~<>") or package.endswith(".apk")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if not cmd.is_("apk", "add"):
                continue
            packages = [a for a in cmd.args_no_flags(value_flags=_VALUE_FLAGS) if a != "add"]
            loose = [p for p in packages if not _pinned(p)]
            if loose:
                line, column = cmd.position_of_arg(loose[0])
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
