"""Build a shared base image once instead of repeating the same first steps.

When several Dockerfiles of a project start from the same base image and run the same
first instructions (the same packages installed, the same user created), every image
repeats that work, the build cache holds it once per file, and the copies drift apart
as one file is updated and the others are not. Put the shared steps in one base
Dockerfile (or a stage of a shared file), build it once, and start the services' images
`FROM` it. The comparison covers the first stage of each Dockerfile the config builds,
instruction by instruction, up to the first `COPY`/`ADD` from the build context (its
content differs between contexts); it is reported when the shared part runs something
(a `RUN`): a shared `WORKDIR` or `ENV` costs nothing.

Bad:

```Dockerfile
# api/Dockerfile, and the same in worker/Dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5=15.8-0+deb12u1
COPY . /app
```

Good:

```Dockerfile
# base/Dockerfile, built once as shop/base:1
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5=15.8-0+deb12u1
```

```Dockerfile
# api/Dockerfile
FROM shop/base:1
COPY . /app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Project

ID = "DV207"
NAME = "repeated-base"
TARGET: Target = "config"
SEVERITY: Severity = "info"
SUMMARY = "Build the first steps that several Dockerfiles share once, as a base image."
HADOLINT: str | None = None
FIXABLE = False

Step = tuple[str, tuple[str, ...], tuple[str, ...]]


def check(project: Project) -> Iterator[Finding]:
    firsts: dict[str, tuple[str, Dockerfile]] = {}  # path -> (first service, Dockerfile)
    for name, df in project.dockerfiles.items():
        if df.stages:
            firsts.setdefault(df.path, (name, df))
    seen: list[tuple[str, Dockerfile]] = []
    for name, df in firsts.values():
        for other_name, other in seen:
            shared = _shared(df, other)
            if shared:
                line, column = project.at("services", name, "build")
                message = (
                    f"{df.path} starts like {other.path} (service {other_name}): "
                    f"FROM {df.stages[0].base_image} and {shared} more instruction(s); "
                    "build that part once as a base image"
                )
                yield Finding(ID, SEVERITY, project.path, line, column, message)
                break
        seen.append((name, df))


def _shared(a: Dockerfile, b: Dockerfile) -> int:
    """How many first-stage instructions after FROM `a` and `b` share, if a RUN is
    among them; else 0."""
    if a.stages[0].base_image != b.stages[0].base_image:
        return 0
    count, runs = 0, False
    for x, y in zip(_steps(a), _steps(b), strict=False):
        if x != y:
            break
        count += 1
        runs = runs or x[0] == "RUN"
    return count if runs else 0


def _steps(df: Dockerfile) -> Iterator[Step]:
    for instr in df.stage_instructions(df.stages[0])[1:]:
        if _from_context(instr):
            return
        yield (instr.cmd, instr.flags, instr.args)


def _from_context(instr: Instruction) -> bool:
    return instr.cmd in ("COPY", "ADD") and instr.flag("from") is None
