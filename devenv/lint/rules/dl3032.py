"""Clean the yum cache in the RUN that installs with yum.

`yum install` leaves the downloaded packages and metadata in `/var/cache/yum`; a later
RUN that removes them cannot shrink the image, since the layer that added them stays.
End the RUN with `yum clean all`. As in hadolint, any `yum clean`, an `rm -rf ...` or an
`rm /var/cache/yum/*` after the install counts as cleaning, and a clean that comes
before the install does not.

Bad:

```Dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6
```

Good:

```Dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import _rpm

ID = "DL3032"
NAME = "yum-clean"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Run `yum clean all` after `yum install` in the same RUN."
HADOLINT: str | None = "DL3032"
FIXABLE = False

MESSAGE = "`yum clean all` missing after yum command."


def _install(cmd: ShellCommand) -> bool:
    return cmd.is_("yum", "install")


def _clean(cmd: ShellCommand) -> bool:
    if cmd.is_("yum", "clean"):
        return True
    return cmd.is_("rm") and cmd.has_arg("-rf", "/var/cache/yum/*")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        cmd = _rpm.unclean_install(shell_commands(instr), _install, _clean)
        if cmd is not None:
            yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
