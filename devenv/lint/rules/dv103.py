"""Start from the official runtime image instead of installing the runtime yourself.

Installing Java, Python, Node.js, Ruby or .NET with the package manager of a generic OS
image (ubuntu, debian, alpine, centos, fedora, ...) gets whatever version that release
of the distribution froze, often years old, with the distribution's layout instead of
the one the language's tools expect. The official runtime images (`python`, `node`,
`eclipse-temurin`, `ruby`, `mcr.microsoft.com/dotnet/runtime`) are built for exactly
this, come in slim and alpine variants, and are rebuilt on every security release.
The base is followed through earlier stages (`FROM debian:12 AS base`, `FROM base`).

Bad:

```Dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends python3=3.12.3-0ubuntu1
```

Good:

```Dockerfile
FROM python:3.12-slim
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._images import generic_os
from devenv.lint.rules._stages import installed_packages, lineage

ID = "DV103"
NAME = "runtime-from-os-packages"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Start from the official runtime image instead of installing the runtime."
HADOLINT: str | None = None
FIXABLE = False

_RUNTIMES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "Java",
        re.compile(
            r"default-(jre|jdk)(-headless)?|openjdk-[0-9]+-(jre|jdk)(-headless)?"
            r"|openjdk[0-9]+(-jre|-jdk)?(-headless)?|java-[0-9.]+-openjdk(-headless|-devel)?"
            r"|temurin-[0-9]+-(jre|jdk)"
        ),
        "eclipse-temurin",
    ),
    ("Python", re.compile(r"python[23]?(\.[0-9]+)?(-minimal)?|python3[0-9]+"), "python"),
    ("Node.js", re.compile(r"nodejs(-current)?"), "node"),
    ("Ruby", re.compile(r"ruby(-full)?|ruby[0-9.]+"), "ruby"),
    (
        ".NET",
        re.compile(
            r"(dotnet|aspnetcore)-runtime-[0-9.]+|dotnet-sdk-[0-9.]+|dotnet[0-9]+-(runtime|sdk)"
            r"|aspnetcore[0-9]+-runtime"
        ),
        "mcr.microsoft.com/dotnet/runtime",
    ),
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        root = lineage(df, stage)[0]
        if root.parent is not None or not generic_os(root.base_image):
            continue
        for instr in df.stage_instructions(stage):
            reported: set[int] = set()
            for cmd, name, word in installed_packages(instr):
                runtime = _runtime(name)
                if runtime is None or id(cmd) in reported:
                    continue
                reported.add(id(cmd))
                language, image = runtime
                line, column = cmd.position_of_arg(word)
                message = (
                    f"{language} installed with {cmd.program} on {root.base_image}: "
                    f"start from the official {image} image instead"
                )
                yield Finding(ID, SEVERITY, df.path, line, column, message)


def _runtime(name: str) -> tuple[str, str] | None:
    for language, pattern, image in _RUNTIMES:
        if pattern.fullmatch(name):
            return language, image
    return None
