"""Keep ignore decisions in the settings, not in the Dockerfile (off by default, as in hadolint).

An inline `# hadolint ignore=DL3008` is invisible to whoever reviews the lint settings,
and it outlives its reason: the code it excused changes, the comment stays. Teams that
want every exception in one reviewed place (`ignored:` in `.hadolint.yaml`, or
`lint: {ignore: [...]}` in devenv.yaml) turn this rule on with a severity override,
`override: {info: [DL1001]}`. It flags `# hadolint ignore=` and `# devenv ignore=`
comments; `global ignore` comments are left to the file's owner, as hadolint does.

Bad (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

Good (Dockerfile):

```Dockerfile
FROM debian:12.7-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target

ID = "DL1001"
NAME = "inline-ignore-pragma"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Keep ignore decisions in the settings, not in inline comments."
HADOLINT: str | None = "DL1001"
FIXABLE = False
OPT_IN = True

MESSAGE = "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`."

# The whole comment must be the pragma: hadolint takes no trailing text after the ids.
_PRAGMA = re.compile(
    r"#\s*(?:hadolint|devenv)\s+ignore\s*=\s*[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*\s*"
)


def check(df: Dockerfile) -> Iterator[Finding]:
    inside = {n for i in df.instructions for n in range(i.line + 1, i.end_line + 1)}
    for n, raw in enumerate(df.lines, start=1):
        text = raw.strip()
        if n not in inside and _PRAGMA.fullmatch(text):
            column = len(raw) - len(raw.lstrip()) + 1
            yield Finding(ID, SEVERITY, df.path, n, column, MESSAGE)
