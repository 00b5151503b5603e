"""Write label keys the way Docker recommends: lower case, dotted, in your own namespace.

Tools that read labels (`docker inspect --format`, registries, scanners) match keys
exactly, so `Maintainer` and `maintainer` are two labels. A key should start with a
lower-case letter, end with a letter or digit, use only lower-case letters, digits, `.`,
`-`, `_` and `/`, never repeat `..` or `--`, and stay out of Docker's reserved
namespaces (`com.docker.`, `io.docker.`, `org.dockerproject.`).

Bad:

```Dockerfile
FROM debian:12.7-slim
LABEL Maintainer="ops@example.com"
```

Good:

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.authors="ops@example.com"
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3048"
NAME = "label-key"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "style"
SUMMARY = "Write label keys in lower case, dotted, outside Docker's namespaces."
HADOLINT: str | None = "DL3048"
FIXABLE = False

MESSAGE = "Invalid label key."

_SHAPE = re.compile(r"[a-z]([a-z0-9._/-]*[a-z0-9])?")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")


def valid_key(key: str) -> bool:
    key = key.strip("\"'")
    if not _SHAPE.fullmatch(key) or ".." in key or "--" in key:
        return False
    return not key.startswith(_RESERVED)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if (instr.sub_cmd or instr.cmd) != "LABEL":
            continue
        for key in instr.args[0::2]:
            if not valid_key(key):
                line, column = instr.position_of(key)
                yield Finding(ID, SEVERITY, df.path, line, column, f"{MESSAGE} {key!r}")
