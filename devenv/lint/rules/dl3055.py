"""Give the labels your `label-schema` types as `hash` a git commit hash.

A revision label lets anyone find the exact source of an image; a branch name moves
and a tag can be moved. The value must be a full (40) or short (7) lower-case
hexadecimal commit hash. Only labels typed `hash` are checked.

With `.hadolint.yaml`:

```yaml
label-schema:
  org.opencontainers.image.revision: hash
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.revision="main"
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.revision="4f2c9e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labelforms import is_git_hash
from devenv.lint.rules._labels import check_values

ID = "DL3055"
NAME = "label-git-hash"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Write a git commit hash in a label typed `hash`."
HADOLINT: str | None = "DL3055"
FIXABLE = False

MESSAGE = "Label `{key}` is not a valid git hash: {value!r}."


def check(df: Dockerfile) -> Iterator[Finding]:
    yield from check_values(df, (ID, SEVERITY), "hash", is_git_hash, MESSAGE)
