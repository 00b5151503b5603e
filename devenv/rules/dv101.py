"""Run `apt-get update` in the same RUN as the `apt-get install` that needs it.

Each RUN is a cached layer. A RUN that only updates the package lists is cached once and
then reused for months, while a later RUN that installs packages is rebuilt whenever its
text changes: it then installs from the stale lists of the cached layer, and fails
when the mirror has dropped those package versions (or silently installs old ones).
Updating and installing in one RUN keeps the lists and the install in the same layer, so
they are always rebuilt together. An `upgrade`, `dist-upgrade`, `full-upgrade`,
`build-dep`, `source` or `download` in the same RUN uses the lists too and counts as an
install. `apt update` is read the same way.

Bad:

```Dockerfile
FROM debian:12.7-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u7
```

Good:

```Dockerfile
FROM debian:12.7-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u7 \\
 && rm -rf /var/lib/apt/lists/*
```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from devenv.dockerfile import Dockerfile, shell_commands
from devenv.finding import Finding, Severity, Target

ID = "DV101"
NAME = "apt-update-alone"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Run `apt-get update` in the same RUN as `apt-get install`."
HADOLINT: str | None = None
FIXABLE = True

_APT = ("apt-get", "apt")
# Subcommands that read the package lists: with one of them the update is not wasted.
_USES_LISTS = frozenset(
    {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download"}
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        commands = shell_commands(instr)
        updates = [c for c in commands if any(c.is_(apt, "update") for apt in _APT)]
        if not updates:
            continue
        if any(c.is_(apt, *_USES_LISTS) for c in commands for apt in _APT):
            continue
        first = updates[0]
        message = (
            f"`{first.program} update` without an install in the same RUN: its cached "
            "layer goes stale; update and install in one RUN"
        )
        yield Finding(ID, SEVERITY, df.path, first.line, first.column, message)


def fix(df: Dockerfile, findings: Sequence[Finding]) -> str:
    """Move an update-only RUN into the next RUN of the stage, before what needs the lists
    (`devenv.fixes.merge_update`: only where the image stays the same)."""
    from devenv import fixes  # only --fix needs it

    return fixes.merge_update(df, findings)
