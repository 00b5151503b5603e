"""Pin the versions of the packages `apt-get install` installs.

Without a version, the package is whatever the mirror serves on the day of the build, so
two builds of the same Dockerfile differ and a rebuild can break. Pin `package=version`
(a version glob such as `curl=7.88.*` is fine). A package given as a path or a `.deb`
file, or with a release (`package/bookworm-backports`), counts as pinned, as in hadolint.

Bad:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

Good:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u7
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3008"
NAME = "apt-get-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `apt-get install`."
HADOLINT: str | None = "DL3008"
FIXABLE = False

# Options of apt-get that take a value: that value is not a package.
_VALUE_FLAGS = ("t", "target-release", "o", "option", "c", "config-file")


def _pinned(package: str) -> bool:
    return "=" in package or "/" in package or package.endswith(".deb")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if not cmd.is_("apt-get", "install"):
                continue
            packages = [a for a in cmd.args_no_flags(value_flags=_VALUE_FLAGS) if a != "install"]
            loose = [p for p in packages if not _pinned(p)]
            if loose:
                line, column = cmd.position_of_arg(loose[0])
                message = (
                    f"Pin versions in apt-get install: {', '.join(loose)}. Instead of "
                    "`apt-get install <package>` use `apt-get install <package>=<version>`"
                )
                yield Finding(ID, SEVERITY, df.path, line, column, message)
