"""With `strict-labels`, set only the labels your `label-schema` lists.

A strict schema is a contract: every image carries the same set of labels, so a typo
(`org.opencontainers.image.sorce`) or a label someone added on their own shows up here
instead of in a registry search that finds nothing. Off unless `strict-labels: true`
(`strict_labels: true` in devenv.yaml's `lint:` section); one finding per `LABEL`, at
its first label outside the schema.

With `.hadolint.yaml`:

```yaml
label-schema:
  org.opencontainers.image.source: url
strict-labels: true
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.source="https://github.com/acme/app" team="payments"
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.source="https://github.com/acme/app"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labels import labels, schema, strict

ID = "DL3050"
NAME = "label-superfluous"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Set only the labels of the schema when it is strict."
HADOLINT: str | None = "DL3050"
FIXABLE = False

MESSAGE = "Superfluous label(s) present: `{key}` is not in the label schema."


def check(df: Dockerfile) -> Iterator[Finding]:
    if not strict(df):
        return
    names = schema(df)
    for instr in df.instructions:
        extra = next((label for label in labels(instr) if label.key not in names), None)
        if extra is not None:
            message = MESSAGE.format(key=extra.key)
            yield Finding(ID, SEVERITY, df.path, extra.line, extra.column, message)
