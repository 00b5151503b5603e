"""Declare a `HEALTHCHECK` in each stage (off by default, as in hadolint).

Without a health check, Docker and Swarm only know whether the process runs, not whether
it answers: a wedged server stays "up" and keeps its traffic. hadolint ships this rule
turned off, because many images (tools, bases, build stages) have nothing to check; turn
it on with a severity override, `override: {info: [DL3057]}` in `.hadolint.yaml` or
`lint: {override: {info: [DL3057]}}` in devenv.yaml. A stage built `FROM` a stage that
has one is covered, and so are the stages a stage with one builds on; devenv's own DV106
asks the same of the services a project runs.

Bad (Dockerfile):

```Dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```

Good (Dockerfile):

```Dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK CMD ["curl", "-fsS", "http://localhost/"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Stage
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3057"
NAME = "healthcheck-missing"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Declare a `HEALTHCHECK` in each stage."
HADOLINT: str | None = "DL3057"
FIXABLE = False
OPT_IN = True

MESSAGE = "`HEALTHCHECK` instruction missing."


def _key(stage: Stage) -> str:
    # hadolint knows a stage by its name, or by its image's name when it has none.
    return stage.name or stage.image.repository


def _bases(df: Dockerfile, stage: Stage) -> list[Stage]:
    return [s for s in df.stages[: stage.index] if _key(s) == stage.image.repository]


def check(df: Dockerfile) -> Iterator[Finding]:
    good: set[int] = set()
    for instr in df.instructions:
        if instr.stage < 0:
            continue
        stage = df.stages[instr.stage]
        if instr.cmd == "FROM" and any(b.index in good for b in _bases(df, stage)):
            good.add(stage.index)
        elif instr.cmd == "HEALTHCHECK":
            # A stage others build on is covered by the check its descendant declares.
            todo = [stage]
            while todo:
                current = todo.pop()
                good.add(current.index)
                todo += [b for b in _bases(df, current) if b.index not in good]
    for instr in df.instructions:
        if instr.cmd == "FROM" and instr.stage not in good:
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, MESSAGE)
