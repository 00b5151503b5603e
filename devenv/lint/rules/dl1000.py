"""A Dockerfile that Docker's own parser rejects cannot be built at all.

devenv reads Dockerfiles with BuildKit's parser, the one `docker build` uses, so this
finding means `docker build` would fail the same way. It is reported at the line where
the parser gave up, and no other rule runs on the file until it parses.

Bad:

```Dockerfile
FROM alpine:3.20
RUN <<EOF
echo "the heredoc never ends"
```

Good:

```Dockerfile
FROM alpine:3.20
RUN <<EOF
echo "the heredoc ends"
EOF
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL1000"
NAME = "parse-error"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Write a Dockerfile that Docker's parser accepts."
HADOLINT: str | None = "DL1000"
FIXABLE = False


def check(df: Dockerfile) -> Iterator[Finding]:
    err = df.parse_error
    if err is not None:
        yield Finding(ID, SEVERITY, df.path, err.line, err.column, f"parse error: {err.message}")
