"""Clean the zypper cache in the RUN that installs with zypper.

`zypper install` leaves the downloaded packages and metadata in `/var/cache/zypp`; a
later RUN that removes them cannot shrink the image, since the layer that added them
stays. End the RUN with `zypper clean` (`zypper cc`); a clean before the install does
not count.

Bad:

```Dockerfile
FROM opensuse/leap:15.6
RUN zypper install -y curl=8.6.0
```

Good:

```Dockerfile
FROM opensuse/leap:15.6
RUN zypper install -y curl=8.6.0 && zypper clean
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import _rpm

ID = "DL3036"
NAME = "zypper-clean"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Run `zypper clean` after `zypper install` in the same RUN."
HADOLINT: str | None = "DL3036"
FIXABLE = False

MESSAGE = "`zypper clean` missing after zypper use."


def _install(cmd: ShellCommand) -> bool:
    return cmd.is_("zypper", "install", "in")


def _clean(cmd: ShellCommand) -> bool:
    return cmd.is_("zypper", "clean", "cc")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        cmd = _rpm.unclean_install(shell_commands(instr), _install, _clean)
        if cmd is not None:
            yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
