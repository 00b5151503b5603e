"""Pass `-y` to `dnf install` (and `microdnf install`).

A build has no one at the keyboard: without `-y` (`--assumeyes`), `dnf install` asks
"Is this ok [y/N]" and reads end of input as no, so the build fails. The same holds for
`groupinstall` and `localinstall`; hadolint asks it of `microdnf` too, which accepts `-y`.

Bad:

```Dockerfile
FROM fedora:40
RUN dnf install httpd-2.4.62 && dnf clean all
```

Good:

```Dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3038"
NAME = "dnf-yes"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pass `-y` to `dnf install`."
HADOLINT: str | None = "DL3038"
FIXABLE = False

MESSAGE = "Use the -y switch to avoid manual input `dnf install -y <package>`"

_SUBCOMMANDS = ("install", "groupinstall", "localinstall")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            installs = cmd.is_("dnf", *_SUBCOMMANDS) or cmd.is_("microdnf", *_SUBCOMMANDS)
            if installs and not cmd.has_flag("y", "assumeyes"):
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
