"""Make `COPY --from` name an earlier stage (or a tagged image).

`COPY --from=build` copies from the stage named `build` only if one was defined above;
otherwise Docker pulls an image called `build` from the registry, which is rarely what was
meant and fails or, worse, succeeds with someone else's image. Name an earlier stage, give
its index, or write the image with its tag (`--from=nginx:1.27`) so the intent is plain.

Bad:

```Dockerfile
FROM debian:12.7
COPY --from=builder /out/app /usr/local/bin/app
```

Good:

```Dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app ./cmd/app

FROM debian:12.7
COPY --from=builder /out/app /usr/local/bin/app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import words

ID = "DL3022"
NAME = "copy-from-unknown-stage"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Make `COPY --from` name an earlier stage or a tagged image."
HADOLINT: str | None = "DL3022"
FIXABLE = False

MESSAGE = "`COPY --from` should reference a previously defined `FROM` alias"


def _known(df: Dockerfile, instr: Instruction, source: str) -> bool:
    if ":" in source:  # an image with a tag or digest
        return True
    if source.isdigit():
        return str(int(source)) == source and int(source) <= instr.stage
    # Docker matches stage names case-insensitively; hadolint does not.
    names = {s.name.lower() for s in df.stages[: instr.stage + 1] if s.name}
    return source.lower() in names


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        source = instr.flag("from") if instr.cmd == "COPY" else None
        if source is None or _known(df, instr, source):
            continue
        flag = next((w for w in words(instr) if w.text.startswith("--from")), None)
        line, column = (flag.line, flag.column) if flag else (instr.line, instr.column)
        yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
