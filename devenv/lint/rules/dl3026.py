"""Build only on images from the registries you trust.

With `trustedRegistries` set (in `.hadolint.yaml`, or `lint: trusted_registries:` in
devenv.yaml), every `FROM` must name an image from one of them: a base image from
anywhere else is code you run without having vetted where it comes from. An entry may be
a wildcard (`*.example.com` matches `registry.example.com`, not `example.com`). An image
without a registry is on Docker Hub and passes when `docker.io` or `hub.docker.com` is
trusted; `scratch` and earlier stages always pass. The images that `COPY --from=image`
and `RUN --mount=from=image` read are checked the same way. With no list (the default)
the rule is off, as in hadolint.

With `.hadolint.yaml`:

```yaml
trustedRegistries: [registry.example.com]
```

Bad (Dockerfile):

```Dockerfile
FROM registry.example.com/acme/base:1.4
COPY --from=ghcr.io/acme/tools:2.0 /usr/bin/tool /usr/bin/tool
```

Good (Dockerfile):

```Dockerfile
FROM registry.example.com/acme/base:1.4
COPY --from=registry.example.com/acme/tools:2.0 /usr/bin/tool /usr/bin/tool
```
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction, image_ref
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


def _image_ok(ref: str, allowed: tuple[str, ...]) -> bool:
    image = image_ref(ref)
    if image.registry:
        return _trusted(image.registry, allowed)
    return ref == "scratch" or any(h in allowed for h in _HUB)


def _mount_sources(instr: Instruction) -> Iterator[str]:
    """The `from=` of each `--mount` (bind and cache mounts read it)."""
    for flag in instr.flags:
        name, _, spec = flag.partition("=")
        if name == "--mount":
            for part in spec.split(","):
                key, _, value = part.partition("=")
                if key.strip().lower() == "from" and value.strip():
                    yield value.strip().strip("\"'")


def _sources(instr: Instruction, stages: set[str]) -> Iterator[str]:
    """The images an instruction pulls in besides `FROM`: `COPY --from=image`, `RUN
    --mount=from=image` (hadolint 2.15.1 checks these too); stage names and indexes
    are stages, not images."""
    if instr.cmd == "COPY":
        source = instr.flag("from")
        if source and source.lower() not in stages and not source.isdigit():
            yield source
    elif instr.cmd == "RUN":
        yield from (m for m in _mount_sources(instr) if m.lower() not in stages)


def check(df: Dockerfile) -> Iterator[Finding]:
    allowed = tuple(str(r) for r in df.options.get("trustedRegistries", ()) or ())
    if not allowed:
        return
    for stage in df.stages:
        if stage.parent is not None or _image_ok(stage.base_image, allowed):
            continue
        where = stage.image.registry or "Docker Hub"
        message = f"{MESSAGE}: {stage.base_image} is from {where}, not {', '.join(allowed)}"
        yield Finding(ID, SEVERITY, df.path, stage.first_line, stage.column, message)
    named: set[str] = set()
    for instr in df.instructions:
        if instr.cmd == "FROM":
            named |= {s.name.lower() for s in df.stages if s.name and s.index <= instr.stage}
        for source in _sources(instr, named):
            if not _image_ok(source, allowed):
                line, column = instr.position_of(source)
                where = image_ref(source).registry or "Docker Hub"
                message = f"{MESSAGE}: {source} is from {where}, not {', '.join(allowed)}"
                yield Finding(ID, SEVERITY, df.path, line, column, message)
