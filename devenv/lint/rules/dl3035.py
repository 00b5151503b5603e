"""Do not run `zypper dist-upgrade` in a Dockerfile.

`zypper dist-upgrade` (`dup`) moves every package of the base image to whatever the
repositories serve that day, vendor changes included: the image no longer matches the
base it names, and two builds differ. Take a newer base image instead, or update only
the packages you need.

Bad:

```Dockerfile
FROM opensuse/leap:15.6
RUN zypper -n dist-upgrade && zypper clean
```

Good:

```Dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl=8.6.0 && zypper clean
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3035"
NAME = "zypper-dist-upgrade"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Do not use `zypper dist-upgrade`."
HADOLINT: str | None = "DL3035"
FIXABLE = False

MESSAGE = "Do not use `zypper dist-upgrade`."


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.is_("zypper", "dist-upgrade", "dup"):
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
