"""Pin the base image to a release tag instead of `latest`.

`latest` is whatever was pushed last: the same Dockerfile builds a different image from
one day to the next, and a rebuild can pull a new major version. Unlike hadolint, devenv
resolves global `ARG` defaults first, so `ARG TAG=latest` then `FROM nginx:${TAG}` is
reported too. An image pinned by digest (`@sha256:...`) is not reported: the digest fixes
the image whatever the tag says.

Bad:

```Dockerfile
FROM debian:latest
```

```Dockerfile
ARG TAG=latest
FROM nginx:${TAG}
```

Good:

```Dockerfile
FROM debian:12.7-slim
```

```Dockerfile
FROM debian:latest@sha256:3f1d6c17773a45c97bd8f158d665c9709d7b29ed7917ac934086ad96f92e4510
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3007"
NAME = "latest-tag"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin the base image to a release tag, not `latest`."
HADOLINT: str | None = "DL3007"
FIXABLE = False

MESSAGE = (
    "Using latest is prone to errors if the image will ever update. "
    "Pin the version explicitly to a release tag"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        image = stage.image
        if stage.parent is not None or image.tag != "latest" or image.digest:
            continue
        message = MESSAGE
        if stage.base_raw != stage.base_image:
            message += f" ({stage.base_raw} resolves to {stage.base_image})"
        yield Finding(ID, SEVERITY, df.path, stage.first_line, stage.column, message)
