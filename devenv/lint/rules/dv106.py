"""Give the image a HEALTHCHECK, or the service a `healthcheck` in devenv.yaml.

Without a healthcheck, a container is "running" as soon as its process starts, even
when it never answers: Swarm then sends traffic to it, a rolling update moves on to the
next replica and never rolls back, and `depends_on` cannot wait for it. One healthcheck
is enough, in the image or in the config. The rule looks at the stage that becomes the
image (the config's `build.target` when linted with the project, else the last stage)
and the stages it builds on; `HEALTHCHECK NONE` turns an inherited one off. It is
information only: a base image may bring its own HEALTHCHECK, which lint cannot see.

Bad:

```Dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```

Good:

```Dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=10s --timeout=3s CMD ["curl", "-fsS", "http://127.0.0.1/"]
```

```yaml
services:
  web:
    build: {context: .}
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://127.0.0.1/"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._stages import built_stages, has_healthcheck

ID = "DV106"
NAME = "no-healthcheck"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Add a HEALTHCHECK to the image or a healthcheck to the service."
HADOLINT: str | None = None
FIXABLE = False


def check(df: Dockerfile) -> Iterator[Finding]:
    if df.config is not None and any(
        df.config.services[name].healthcheck is not None for name in df.services
    ):
        return
    for stage in built_stages(df):
        if has_healthcheck(df, stage):
            continue
        from_line = df.instruction_at(stage.first_line)
        column = from_line.column if from_line is not None else 1
        message = (
            f"no HEALTHCHECK in the image built from line {stage.first_line}, and no "
            "healthcheck in the config: without one a hung container counts as running"
        )
        yield Finding(ID, SEVERITY, df.path, stage.first_line, column, message)
