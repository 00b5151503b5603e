"""Give the labels your `label-schema` types as `semver` a semantic version.

Tools that compare image versions read `MAJOR.MINOR.PATCH`, with an optional
pre-release (`-rc.1`) and build part (`+build.5`): `v2.1` or `latest` cannot be
compared. Only labels typed `semver` are checked.

With `.hadolint.yaml`:

```yaml
label-schema:
  org.opencontainers.image.version: semver
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.version="v2.1"
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.version="2.1.0"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labelforms import is_semver
from devenv.lint.rules._labels import check_values

ID = "DL3056"
NAME = "label-semver"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Write a semantic version in a label typed `semver`."
HADOLINT: str | None = "DL3056"
FIXABLE = False

MESSAGE = "Label `{key}` does not conform to semantic versioning: {value!r}."


def check(df: Dockerfile) -> Iterator[Finding]:
    yield from check_values(df, (ID, SEVERITY), "semver", is_semver, MESSAGE)
