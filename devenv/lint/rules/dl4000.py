"""Use a label instead of the deprecated `MAINTAINER`.

`MAINTAINER` has been deprecated since Docker 1.13: the author belongs in a label, which
tools read (`docker inspect`, registries), as `org.opencontainers.image.authors`.

Bad:

```Dockerfile
FROM debian:12.7
MAINTAINER Jane Doe <jane@example.com>
```

Good:

```Dockerfile
FROM debian:12.7
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL4000"
NAME = "maintainer-deprecated"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Use a label instead of the deprecated `MAINTAINER`."
HADOLINT: str | None = "DL4000"
FIXABLE = False

MESSAGE = "MAINTAINER is deprecated"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd == "MAINTAINER":
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, MESSAGE)
