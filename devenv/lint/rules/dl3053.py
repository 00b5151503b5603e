"""Give the labels your `label-schema` types as `rfc3339` an RFC 3339 date and time.

`org.opencontainers.image.created` and its kin are read by machines that expect
`2024-11-02T10:30:00Z` or `2024-11-02T10:30:00+01:00`: a date alone, a space instead of
`T`, or a missing time zone is not that. A build argument (`$BUILD_DATE`) is not
expanded when linting, so write the label from a value you check in CI, or ignore the
rule on that line. Only labels typed `rfc3339` are checked.

With `.hadolint.yaml`:

```yaml
label-schema:
  org.opencontainers.image.created: rfc3339
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.created="2024-11-02 10:30"
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.created="2024-11-02T10:30:00Z"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labelforms import is_rfc3339
from devenv.lint.rules._labels import check_values

ID = "DL3053"
NAME = "label-rfc3339"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Write an RFC 3339 date and time in a label typed `rfc3339`."
HADOLINT: str | None = "DL3053"
FIXABLE = False

MESSAGE = "Label `{key}` is not a valid time format - must conform to RFC3339: {value!r}."


def check(df: Dockerfile) -> Iterator[Finding]:
    yield from check_values(df, (ID, SEVERITY), "rfc3339", is_rfc3339, MESSAGE)
