"""Pin the versions of the packages `zypper install` installs.

Without a version, the package is whatever the repository serves on the day of the
build, so two builds of the same Dockerfile differ. Name `package=version`, or a range
(`'curl>=8'`, quoted so the shell does not read `>` as a redirection). A local `.rpm`
file counts as pinned. Unlike hadolint, devenv knows the options that take a value
(`--from repo`, `-r repo`), so the value is not taken for a package.

Bad:

```Dockerfile
FROM opensuse/leap:15.6
RUN zypper install -y curl && zypper clean
```

Good:

```Dockerfile
FROM opensuse/leap:15.6
RUN zypper install -y curl=8.6.0 && zypper clean
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import _rpm

ID = "DL3037"
NAME = "zypper-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `zypper install`."
HADOLINT: str | None = "DL3037"
FIXABLE = False

MESSAGE = "Specify version with `zypper install -y <package>=<version>`."


def _pinned(package: str) -> bool:
    return any(c in package for c in "=<>") or package.endswith(".rpm")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if not cmd.is_("zypper", "install", "in"):
                continue
            words = _rpm.packages(cmd, _rpm.ZYPPER_VALUE_FLAGS, "install", "in")
            loose = [w for w in words if not _pinned(w)]
            if loose:
                line, column = cmd.position_of_arg(loose[0])
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
