"""Give the labels your `label-schema` types as `spdx` an SPDX license identifier.

License scanners match SPDX identifiers exactly: `Apache-2.0`, `MIT`, `GPL-3.0-only`.
A spelling of your own (`Apache 2`, `mit`) or a deprecated id (`GPL-2.0`, `GPL-2.0+`)
is not one, and neither is an expression (`MIT OR Apache-2.0`): hadolint accepts a
single identifier only. Only labels typed `spdx` are checked.

With `.hadolint.yaml`:

```yaml
label-schema:
  org.opencontainers.image.licenses: spdx
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.licenses="Apache 2"
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.licenses="Apache-2.0"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labelforms import is_spdx
from devenv.lint.rules._labels import check_values

ID = "DL3054"
NAME = "label-spdx"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Write one SPDX license identifier in a label typed `spdx`."
HADOLINT: str | None = "DL3054"
FIXABLE = False

MESSAGE = "Label `{key}` is not a valid SPDX identifier: {value!r}."


def check(df: Dockerfile) -> Iterator[Finding]:
    yield from check_values(df, (ID, SEVERITY), "spdx", is_spdx, MESSAGE)
