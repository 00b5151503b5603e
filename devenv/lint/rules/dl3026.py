"""Build only on images from the registries you trust.

With `trustedRegistries` set (in `.hadolint.yaml`, or `lint: trusted_registries:` in
devenv.yaml), every `FROM` must name an image from one of them: a base image from
anywhere else is code you run without having vetted where it comes from. An entry may be
a wildcard (`*.example.com` matches `registry.example.com`, not `example.com`). An image
without a registry is on Docker Hub and passes when `docker.io` or `hub.docker.com` is
trusted; `scratch` and earlier stages always pass. With no list (the default) the rule is
off, as in hadolint.

With `trustedRegistries: [registry.example.com]`:

Bad:

```Dockerfile
FROM ghcr.io/acme/base:1.4
```

Good:

```Dockerfile
FROM registry.example.com/acme/base:1.4
```
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3026"
NAME = "trusted-registry"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Use only an allowed registry in the `FROM` image."
HADOLINT: str | None = "DL3026"
FIXABLE = False

MESSAGE = "Use only an allowed registry in the FROM image"

_HUB = ("docker.io", "hub.docker.com")


def _trusted(registry: str, allowed: tuple[str, ...]) -> bool:
    return any(registry == a or fnmatch.fnmatchcase(registry, a) for a in allowed)


def check(df: Dockerfile) -> Iterator[Finding]:
    allowed = tuple(str(r) for r in df.options.get("trustedRegistries", ()) or ())
    if not allowed:
        return
    for stage in df.stages:
        image = stage.image
        if stage.parent is not None or stage.base_image == "scratch":
            continue
        if image.registry:
            ok = _trusted(image.registry, allowed)
        else:
            ok = any(h in allowed for h in _HUB)
        if not ok:
            where = image.registry or "Docker Hub"
            message = f"{MESSAGE}: {stage.base_image} is from {where}, not {', '.join(allowed)}"
            yield Finding(ID, SEVERITY, df.path, stage.first_line, stage.column, message)
