"""Pass `-y` to `yum install`.

A build has no one at the keyboard: without `-y` (`--assumeyes`), `yum install` asks
"Is this ok [y/N]" and reads end of input as no, so the build fails. The same holds for
`yum groupinstall` and `yum localinstall`.

Bad:

```Dockerfile
FROM centos:7
RUN yum install httpd-2.4.6 && yum clean all
```

Good:

```Dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3030"
NAME = "yum-yes"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pass `-y` to `yum install`."
HADOLINT: str | None = "DL3030"
FIXABLE = False

MESSAGE = "Use the -y switch to avoid manual input `yum install -y <package>`"


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if cmd.is_("yum", "install", "groupinstall", "localinstall") and not cmd.has_flag(
                "y", "assumeyes"
            ):
                yield Finding(ID, SEVERITY, df.path, cmd.line, cmd.column, MESSAGE)
