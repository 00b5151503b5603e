"""Do not hard-code `--platform` in `FROM`.

`FROM --platform=linux/amd64` builds that stage for one platform whatever the builder
is asked for: on an arm64 machine or in a multi-platform build it runs under emulation
or produces an image for the wrong architecture. Leave the platform to `docker build
--platform`, or use the build's own variables (`--platform=$BUILDPLATFORM` for a
cross-compiling stage), which are not reported.

Bad:

```Dockerfile
FROM --platform=linux/amd64 debian:12.7-slim
```

Good:

```Dockerfile
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3029"
NAME = "from-platform"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Do not hard-code `--platform` in `FROM`."
HADOLINT: str | None = "DL3029"
FIXABLE = False

MESSAGE = "Do not use --platform flag with FROM"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd != "FROM":
            continue
        platform = instr.flag("platform")
        if platform and "$" not in platform:
            line, column = instr.position_of("--platform")
            yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
