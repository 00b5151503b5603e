"""Build in an earlier stage and copy only the result into the final image.

A compiler, `make`, Maven, Gradle, a JDK, `build-essential` or a `*-dev` package in the
image that ships makes it hundreds of megabytes bigger, slower to pull and start, and
gives an attacker who gets in the tools to build whatever they need. A multistage build
keeps the toolchain in a build stage and copies only the artefacts into a small runtime
stage. The rule looks at the stage that becomes the image (the config's `build.target`
when linted with the project, else the last stage) and the stages it builds on; it is
quiet as soon as that image copies from an earlier stage (`COPY --from=build`), since
the build is then already split.

Bad:

```Dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /app ./cmd/app
CMD ["/app"]
```

```Dockerfile
FROM debian:12.7-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9 \\
 && rm -rf /var/lib/apt/lists/*
```

Good:

```Dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
CMD ["/app"]
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction, Stage
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._images import toolchain_image
from devenv.lint.rules._stages import built_stages, installed_packages, lineage

ID = "DV102"
NAME = "toolchain-in-final-stage"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Keep build toolchains out of the final image with a multistage build."
HADOLINT: str | None = None
FIXABLE = False

_TOOLCHAIN = re.compile(
    r"(gcc|g\+\+|gcc-c\+\+|clang|llvm|make|cmake|ninja-build|autoconf|automake|libtool"
    r"|build-essential|build-base|alpine-sdk|maven|gradle|ant|golang|golang-go|go|rustc"
    r"|cargo|default-jdk(-headless)?|openjdk-[0-9]+-jdk(-headless)?|openjdk[0-9]+(-jdk)?"
    r"|java-[0-9.]+-openjdk-devel|dotnet-sdk-[0-9.]+|dotnet[0-9]+-sdk"
    r"|.+-dev|.+-devel|gcc-[0-9]+|g\+\+-[0-9]+|clang-[0-9]+)"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for stage in built_stages(df):
        chain = lineage(df, stage)
        if _copies_from_a_build_stage(df, chain):
            continue
        evidence = _toolchain(df, chain)
        if evidence is not None:
            line, column, what = evidence
            message = (
                f"the final image carries a build toolchain ({what}) and no earlier stage "
                "builds it: build in a stage of its own and COPY --from it the artefacts only"
            )
            yield Finding(ID, SEVERITY, df.path, line, column, message)


def _copies_from_a_build_stage(df: Dockerfile, chain: tuple[Stage, ...]) -> bool:
    own = {s.index for s in chain}
    for stage in chain:
        for instr in df.stage_instructions(stage):
            source = instr.flag("from") if instr.cmd in ("COPY", "ADD") else None
            if source is not None and _earlier_stage(df, source, own) is not None:
                return True
    return False


def _earlier_stage(df: Dockerfile, ref: str, own: set[int]) -> Stage | None:
    for s in df.stages:
        if s.index not in own and (ref == str(s.index) or ref.lower() == (s.name or "").lower()):
            return s
    return None


def _toolchain(df: Dockerfile, chain: tuple[Stage, ...]) -> tuple[int, int, str] | None:
    root = chain[0]
    if root.parent is None and toolchain_image(root.base_image):
        return root.first_line, root.column, f"base image {root.base_image}"
    for stage in chain:
        for instr in df.stage_instructions(stage):
            found = _installed_toolchain(instr)
            if found is not None:
                return found
    return None


def _installed_toolchain(instr: Instruction) -> tuple[int, int, str] | None:
    for cmd, name, word in installed_packages(instr):
        if _TOOLCHAIN.fullmatch(name):
            line, column = cmd.position_of_arg(word)
            return line, column, name
    return None
