"""Do not use a variable in the same `ENV` that defines it.

In `ENV A=1 B=$A`, `$A` is expanded before the instruction runs, so `B` gets the value
`A` had before (often empty), not `1`. Set `A` in one `ENV` and use it in the next. A
variable set by an earlier `ENV` or `ARG` is fine, and so is a variable that refers to
itself (`ENV PATH=/opt/bin:$PATH`), or one in single quotes, which Docker does not expand
(hadolint reports `ENV A=1 B='$A'`).

Bad:

```Dockerfile
FROM debian:12.7-slim
ENV APP_HOME=/srv/app APP_DATA=$APP_HOME/data
```

Good:

```Dockerfile
FROM debian:12.7-slim
ENV APP_HOME=/srv/app
ENV APP_DATA=$APP_HOME/data
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, key_values
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3044"
NAME = "env-self-reference"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Do not use a variable in the same `ENV` that defines it."
HADOLINT: str | None = "DL3044"
FIXABLE = False

MESSAGE = (
    "Do not refer to an environment variable within the same `ENV` statement where it is defined."
)


def _refers(name: str, value: str) -> re.Match[str] | None:
    return re.search(r"\$(?:\{" + re.escape(name) + r"\}|" + re.escape(name) + r"(?!\w))", value)


def check(df: Dockerfile) -> Iterator[Finding]:
    known: set[str] = set()  # set by an earlier ENV or ARG (hadolint: in any stage)
    for instr in df.instructions:
        if instr.cmd == "ARG":
            known.update(k for k, _ in key_values(instr))
            continue
        if instr.cmd != "ENV":
            continue
        pairs = key_values(instr)
        # The raw values, single-quoted parts blanked out: Docker does not expand those.
        raw = [re.sub(r"'[^']*'", "''", v) for v in instr.args[1::2]]
        for i, (name, _) in enumerate(pairs):
            if name in known:
                continue
            for j, value in enumerate(raw):
                m = _refers(name, value) if i != j else None
                if m is not None:
                    line, column = instr.position_of(m.group(0))
                    message = f"{MESSAGE} ({m.group(0)} is not {name}'s new value)"
                    yield Finding(ID, SEVERITY, df.path, line, column, message)
                    break
        known.update(k for k, _ in pairs)
