"""Tag the base image with a version.

`FROM debian` means `debian:latest`: whatever was pushed last, so the same Dockerfile
builds a different image from one week to the next. Name a release tag (or pin a
digest). `scratch`, an earlier stage used as a base and an image given only by a
variable with no default are not reported. Unlike hadolint, devenv resolves global
`ARG` defaults first, so `ARG IMAGE=debian` then `FROM ${IMAGE}` is reported too.

Bad:

```Dockerfile
FROM debian
```

Good:

```Dockerfile
FROM debian:12.7-slim
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3006"
NAME = "untagged-image"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Tag the base image with a version."
HADOLINT: str | None = "DL3006"
FIXABLE = False

MESSAGE = "Always tag the version of an image explicitly"


def check(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        image = stage.image
        if stage.parent is not None or "$" in stage.base_image or image.tag or image.digest:
            continue
        if stage.base_image == "scratch":
            continue
        message = MESSAGE
        if stage.base_raw != stage.base_image:
            message += f" ({stage.base_raw} resolves to {stage.base_image})"
        yield Finding(ID, SEVERITY, df.path, stage.first_line, stage.column, message)
