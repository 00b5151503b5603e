"""Give each stage one `ENTRYPOINT`.

Only the last `ENTRYPOINT` of a stage takes effect; the ones above it do nothing but
mislead the reader about what the container runs.

Bad:

```Dockerfile
FROM debian:12.7
ENTRYPOINT ["/docker-entrypoint.sh"]
ENTRYPOINT ["/usr/local/bin/app"]
```

Good:

```Dockerfile
FROM debian:12.7
ENTRYPOINT ["/usr/local/bin/app"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL4004"
NAME = "multiple-entrypoint"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Give each stage one `ENTRYPOINT`."
HADOLINT: str | None = "DL4004"
FIXABLE = False

MESSAGE = (
    "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` "
    "then only the last `ENTRYPOINT` will take effect"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    seen: set[int] = set()
    for instr in df.instructions:
        if instr.cmd != "ENTRYPOINT":
            continue
        if instr.stage in seen:
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, MESSAGE)
        seen.add(instr.stage)
