"""Give every label your `label-schema` names a value.

`LABEL maintainer=""` is worse than no label: tools that read it find the key and stop
looking, so nobody learns who to ask. Every label listed in `label-schema`, whatever its
type, must have a non-empty value where it is set.

With `.hadolint.yaml`:

```yaml
label-schema:
  maintainer: text
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL maintainer=""
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL maintainer="platform team"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labels import labels, schema

ID = "DL3051"
NAME = "label-empty"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Give each label of the schema a value."
HADOLINT: str | None = "DL3051"
FIXABLE = False

MESSAGE = "Label `{key}` is empty."


def check(df: Dockerfile) -> Iterator[Finding]:
    names = schema(df)
    if not names:
        return
    for instr in df.instructions:
        for label in labels(instr):
            if label.key in names and not label.value:
                message = MESSAGE.format(key=label.key)
                yield Finding(ID, SEVERITY, df.path, label.line, label.column, message)
