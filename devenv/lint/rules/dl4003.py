"""Give each stage one `CMD`.

Only the last `CMD` of a stage takes effect; the ones above it do nothing but mislead the
reader about what the container runs.

Bad:

```Dockerfile
FROM python:3.12
CMD ["python", "-m", "http.server"]
CMD ["gunicorn", "app:app"]
```

Good:

```Dockerfile
FROM python:3.12
CMD ["gunicorn", "app:app"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL4003"
NAME = "multiple-cmd"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Give each stage one `CMD`."
HADOLINT: str | None = "DL4003"
FIXABLE = False

MESSAGE = (
    "Multiple `CMD` instructions found. If you list more than one `CMD` then only the "
    "last `CMD` will take effect"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    seen: set[int] = set()
    for instr in df.instructions:
        if instr.cmd != "CMD":
            continue
        if instr.stage in seen:
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, MESSAGE)
        seen.add(instr.stage)
