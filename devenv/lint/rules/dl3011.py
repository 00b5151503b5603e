"""Expose only ports that exist: 0 to 65535.

A TCP or UDP port is a 16-bit number, so `EXPOSE 80800` (a typo for 8080) or a range
that ends past 65535 documents a port nothing can listen on, and `docker run -P` fails
on it. A port given as a variable (`EXPOSE $PORT`) is not known at lint time and is not
checked.

Bad:

```Dockerfile
FROM nginx:1.27
EXPOSE 80800
```

Good:

```Dockerfile
FROM nginx:1.27
EXPOSE 8080
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3011"
NAME = "expose-port-range"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Expose only ports from 0 to 65535."
HADOLINT: str | None = "DL3011"
FIXABLE = False

MESSAGE = "Valid UNIX ports range from 0 to 65535"

_PORTS = re.compile(r"(\d+)(?:-(\d+))?(?:/\w+)?")


def _invalid(token: str) -> bool:
    m = _PORTS.fullmatch(token)
    return m is not None and any(int(p) > 65535 for p in m.groups() if p is not None)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if (instr.sub_cmd or instr.cmd) != "EXPOSE":
            continue
        for token in instr.args:
            if _invalid(token):
                line, column = instr.position_of(token)
                yield Finding(ID, SEVERITY, df.path, line, column, f"{MESSAGE}: {token}")
