"""Do not `COPY --from` the stage you are in.

A stage cannot read its own result while it is being built: `COPY --from=build` inside
the stage named `build` is a circular reference, and the build fails. Copy from an earlier
stage, or use a plain `COPY` for files from the build context.

Bad:

```Dockerfile
FROM golang:1.23 AS build
COPY --from=build /src /src
```

Good:

```Dockerfile
FROM golang:1.23 AS build
COPY . /src

FROM debian:12.7
COPY --from=build /src/app /usr/local/bin/app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import words

ID = "DL3023"
NAME = "copy-from-itself"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Do not `COPY --from` the stage you are in."
HADOLINT: str | None = "DL3023"
FIXABLE = False

MESSAGE = "`COPY --from` cannot reference its own `FROM` alias"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        source = instr.flag("from") if instr.cmd == "COPY" and instr.stage >= 0 else None
        if source is None:
            continue
        stage = df.stages[instr.stage]
        # Docker matches stage names case-insensitively and also accepts the stage's
        # index; hadolint compares the name only, as written.
        own = {str(stage.index), (stage.name or str(stage.index)).lower()}
        if source.lower() in own:
            flag = next((w for w in words(instr) if w.text.startswith("--from")), None)
            line, column = (flag.line, flag.column) if flag else (instr.line, instr.column)
            yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
