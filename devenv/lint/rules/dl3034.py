"""Make `zypper` non-interactive where it would ask.

A build has no one at the keyboard: `zypper install`, `remove`, `source-install` and
`patch` ask "Continue? [y/n/v/...]" and the build stops. Pass `-y` (`--no-confirm`) to
the command, or `-n` (`--non-interactive`) to zypper.

Bad:

```Dockerfile
FROM opensuse/leap:15.6
RUN zypper install curl=8.6.0 && zypper clean
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

ID = "DL3034"
NAME = "zypper-yes"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pass `-y` (or `-n`) to `zypper` commands that would ask."
HADOLINT: str | None = "DL3034"
FIXABLE = False

MESSAGE = "Non-interactive switch missing from `zypper` command: `zypper install -y`"

_ASKS = ("install", "in", "remove", "rm", "source-install", "si", "patch")


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.is_("zypper", *_ASKS) and not cmd.has_flag(
                "y", "no-confirm", "n", "non-interactive"
            ):
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
