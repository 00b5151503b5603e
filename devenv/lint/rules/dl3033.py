"""Pin the versions of the packages `yum install` installs.

Without a version, the package is whatever the repository serves on the day of the
build, so two builds of the same Dockerfile differ. Name `package-version`
(`httpd-2.4.6`): after a `-`, a part that starts with a digit. A local `.rpm` file
counts as pinned (hadolint wants a `-` in its name); `yum module install` needs a stream
(`nodejs:20`).

Bad:

```Dockerfile
FROM centos:7
RUN yum install -y httpd && yum clean all
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
from devenv.lint.rules import _rpm

ID = "DL3033"
NAME = "yum-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `yum install`."
HADOLINT: str | None = "DL3033"
FIXABLE = False

MESSAGE = "Specify version with `yum install -y <package>-<version>`."


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if not cmd.is_("yum", "install"):
                continue
            words = _rpm.packages(cmd, _rpm.YUM_VALUE_FLAGS, "install", "module")
            if cmd.has_arg("module"):
                loose = [w for w in words if ":" not in w]
            else:
                loose = [w for w in words if not _rpm.rpm_versioned(w)]
            if loose:
                line, column = cmd.position_of_arg(loose[0])
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
