"""Do not set `FROM --platform=$TARGETPLATFORM`: it is the default.

A stage is built for the target platform unless told otherwise, so
`--platform=$TARGETPLATFORM` says nothing and suggests to a reader that the stage is
special. Drop it; keep `--platform=$BUILDPLATFORM` where a stage must run natively.

Bad:

```Dockerfile
FROM --platform=$TARGETPLATFORM debian:12.7-slim
```

Good:

```Dockerfile
FROM debian:12.7-slim
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3065"
NAME = "redundant-target-platform"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Do not set `FROM --platform=$TARGETPLATFORM`, the default."
HADOLINT: str | None = "DL3065"
FIXABLE = False

MESSAGE = (
    "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this "
    "is the default behavior"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd == "FROM" and instr.flag("platform") in (
            "$TARGETPLATFORM",
            "${TARGETPLATFORM}",
        ):
            line, column = instr.position_of("--platform")
            yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
