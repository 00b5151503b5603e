"""Delete the apt lists in the `RUN` that runs `apt-get update`.

`apt-get update` downloads the package lists to `/var/lib/apt/lists`: tens of megabytes
that stay in the layer, unused, once the packages are installed. Remove them in the same
`RUN` (a later `RUN` cannot shrink the earlier layer), or keep them on a cache mount. As
in hadolint, only the stages that end up in an image are checked: the final stage and
stages another stage is built `FROM`; a build stage whose files are only copied out is
not.

Bad:

```Dockerfile
FROM debian:12.7
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

Good:

```Dockerfile
FROM debian:12.7
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
```
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from devenv.lint.dockerfile import Dockerfile, Instruction, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._in_image import stages_in_image
from devenv.lint.rules._mounts import cache_targets

ID = "DL3009"
NAME = "apt-lists-cleanup"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Delete the apt lists in the `RUN` that runs `apt-get update`."
HADOLINT: str | None = "DL3009"
FIXABLE = False

#: The front ends that fill /var/lib/apt/lists with `update` (hadolint 2.15.1 knows all three).
_APT = ("apt-get", "apt", "aptitude")

MESSAGE = "Delete the apt lists (/var/lib/apt/lists) after installing something"


def _cleans(commands: Sequence[ShellCommand]) -> bool:
    # hadolint takes any `rm -rf ...` (whatever it removes) or an `rm` of exactly
    # `/var/lib/apt/lists/*`; devenv also takes a recursive rm of the lists however spelt.
    for cmd in commands:
        if cmd.program != "rm":
            continue
        if cmd.has_arg("-rf", "/var/lib/apt/lists/*"):
            return True
        recursive = cmd.has_flag("r", "R", "recursive")
        if recursive and any(a.startswith("/var/lib/apt") for a in cmd.args):
            return True
    return False


def _cached(instr: Instruction) -> bool:
    targets = cache_targets(instr)
    if any(t.startswith("/var/lib/apt/lists") for t in targets):
        return True
    lib = any(t.startswith("/var/lib/apt") for t in targets)
    return lib and any(t.startswith("/var/cache/apt") for t in targets)


def check(df: Dockerfile) -> Iterator[Finding]:
    kept = stages_in_image(df)
    for instr in df.instructions:
        # An ONBUILD RUN runs in whatever image builds on this one: always checked.
        if instr.cmd == "RUN" and instr.stage not in kept:
            continue
        commands = shell_commands(instr)
        update = next((c for c in commands if c.program in _APT and "update" in c.args), None)
        if update is None or _cached(instr) or _cleans(commands):
            continue
        yield Finding(ID, SEVERITY, df.path, update.line, update.column, MESSAGE)
