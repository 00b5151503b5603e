"""Set every label your `label-schema` lists, in every stage that becomes an image.

A label schema says what every image must carry (who owns it, where its source is,
which commit it was built from). A stage must set each label itself or be built `FROM`
a stage that does; a stage that is only a `COPY --from` source is a build step, not an
image, and is not asked. One finding per missing label, at the stage's `FROM`.

With `.hadolint.yaml`:

```yaml
label-schema:
  org.opencontainers.image.source: url
```

Bad (Dockerfile):

```Dockerfile
FROM golang:1.23 AS build
RUN go build -o /app .
FROM debian:12.7-slim
COPY --from=build /app /app
```

Good (Dockerfile):

```Dockerfile
FROM golang:1.23 AS build
RUN go build -o /app .
FROM debian:12.7-slim
LABEL org.opencontainers.image.source="https://github.com/acme/app"
COPY --from=build /app /app
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Stage
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._labels import labels, schema

ID = "DL3049"
NAME = "label-missing"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Set every label of the schema in each stage that becomes an image."
HADOLINT: str | None = "DL3049"
FIXABLE = False

MESSAGE = "Label `{key}` is missing."


def _named(stage: Stage, ref: str) -> bool:
    # A stage is referred to by its name (BuildKit ignores case) or by its index.
    return (stage.name or "").lower() == ref.lower() or ref == str(stage.index)


def _missing(df: Dockerfile, key: str) -> list[Stage]:
    """The stages that neither set `key` nor build on one that does, and that no `COPY
    --from` reads (in hadolint's order: a copy silences a stage still missing the
    label)."""
    good: set[int] = set()
    silent: set[int] = set()
    for instr in df.instructions:
        if instr.stage < 0:
            continue
        stage = df.stages[instr.stage]
        if instr.cmd == "FROM" and stage.parent in good:
            good.add(stage.index)
        elif instr.cmd == "COPY" and (source := instr.flag("from")):
            earlier = df.stages[: instr.stage + 1]
            silent |= {s.index for s in earlier if s.index not in good and _named(s, source)}
        elif any(label.key == key for label in labels(instr)):
            # hadolint also stops asking an earlier stage named as this one is known (its
            # name, else its image's): `FROM base` labelled covers the stage `base`.
            known = stage.name or stage.image.repository
            silent |= {s.index for s in df.stages[: stage.index] if _named(s, known)}
            good.add(stage.index)
            silent.discard(stage.index)
    return [s for s in df.stages if s.index not in good | silent]


def check(df: Dockerfile) -> Iterator[Finding]:
    names = schema(df)
    if not names:
        return
    froms = {i.stage: i for i in df.instructions if i.cmd == "FROM"}
    for key in names:
        for stage in _missing(df, key):
            instr = froms[stage.index]
            message = MESSAGE.format(key=key)
            yield Finding(ID, SEVERITY, df.path, instr.line, instr.column, message)
