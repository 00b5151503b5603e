"""Give a stage one `HEALTHCHECK` at most.

Only the last `HEALTHCHECK` of a stage takes effect: an earlier one is dead text that a
reader takes for the check the container runs. Keep the one you mean (`HEALTHCHECK NONE`
counts as one).

Bad:

```Dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -fsS http://127.0.0.1/ || exit 1
HEALTHCHECK --interval=10s CMD curl -fsS http://127.0.0.1/health || exit 1
```

Good:

```Dockerfile
FROM nginx:1.27
HEALTHCHECK --interval=10s CMD curl -fsS http://127.0.0.1/health || exit 1
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3012"
NAME = "one-healthcheck"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Give a stage one `HEALTHCHECK` at most."
HADOLINT: str | None = "DL3012"
FIXABLE = False

MESSAGE = "Multiple `HEALTHCHECK` instructions."


def check(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        first = None
        for instr in df.stage_instructions(stage):
            if instr.cmd != "HEALTHCHECK":
                continue
            if first is None:
                first = instr
                continue
            message = f"{MESSAGE} Only the last one counts; the first is on line {first.line}"
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, message)
