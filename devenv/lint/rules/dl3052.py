"""Give the labels your `label-schema` types as `url` an absolute URL.

Registries and scanners turn these labels into links: `github.com/acme/app` has no
scheme and leads nowhere. The value must be an RFC 3986 URI with its scheme
(`https://...`, `git+ssh://...`, `mailto:...`); spaces and characters such as `{`, `|`
or `<` must be percent-encoded. Only labels whose type in `label-schema` is `url` are
checked.

With `.hadolint.yaml`:

```yaml
label-schema:
  org.opencontainers.image.source: url
```

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
LABEL org.opencontainers.image.source="github.com/acme/app"
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
from devenv.lint.rules._labelforms import is_url
from devenv.lint.rules._labels import check_values

ID = "DL3052"
NAME = "label-url"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Write an absolute URL in a label typed `url`."
HADOLINT: str | None = "DL3052"
FIXABLE = False

MESSAGE = "Label `{key}` is not a valid URL: {value!r}."


def check(df: Dockerfile) -> Iterator[Finding]:
    yield from check_values(df, (ID, SEVERITY), "url", is_url, MESSAGE)
