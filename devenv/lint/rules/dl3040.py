"""Clean the dnf cache in the RUN that installs with dnf (or microdnf).

`dnf install` leaves the downloaded packages and metadata in `/var/cache/dnf`; a later
RUN that removes them cannot shrink the image, since the layer that added them stays.
The same goes for `dnf upgrade` and `dnf reinstall`. End the RUN with `dnf clean all`
(`microdnf clean all`). As in hadolint, any `dnf clean` or `rm -rf ...` after the install
counts as cleaning, and a clean that comes before the install does not.

Bad:

```Dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62
```

Good:

```Dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules import _rpm

ID = "DL3040"
NAME = "dnf-clean"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Run `dnf clean all` after `dnf install` in the same RUN."
HADOLINT: str | None = "DL3040"
FIXABLE = False

MESSAGE = "`dnf clean all` missing after dnf command."

# The subcommands that download packages into the cache, as hadolint 2.15.1 counts them.
_INSTALLS = ("install", "upgrade", "upgrade-minimal", "reinstall")


def _unclean(commands: Sequence[ShellCommand], program: str) -> ShellCommand | None:
    def install(cmd: ShellCommand) -> bool:
        return cmd.is_(program, *_INSTALLS)

    def clean(cmd: ShellCommand) -> bool:
        if cmd.is_(program, "clean"):
            return True
        return cmd.is_("rm") and cmd.has_arg("-rf")

    return _rpm.unclean_install(commands, install, clean)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        commands = shell_commands(instr)
        cmd = _unclean(commands, "dnf") or _unclean(commands, "microdnf")
        if cmd is not None:
            yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
