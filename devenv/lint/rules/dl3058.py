"""Give the labels your `label-schema` types as `email` an e-mail address.

An address label is where people report a broken image. The value must be an RFC 5322
address alone (`ops@example.com`), not a display name with the address in angle
brackets. Only labels typed `email` are checked.

With `.hadolint.yaml`:

```yaml
label-schema:
  maintainer: email
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL maintainer="Ops Team <ops@example.com>"
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL maintainer="ops@example.com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labelforms import is_email
from devenv.lint.rules._labels import check_values

ID = "DL3058"
NAME = "label-email"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Write an e-mail address in a label typed `email`."
HADOLINT: str | None = "DL3058"
FIXABLE = False

MESSAGE = "Label `{key}` is not a valid email format - must conform to RFC5322: {value!r}."


def check(df: Dockerfile) -> Iterator[Finding]:
    yield from check_values(df, (ID, SEVERITY), "email", is_email, MESSAGE)
