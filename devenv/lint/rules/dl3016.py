"""Pin the versions of the packages `npm install` installs.

Without a version, `npm install -g typescript` installs whatever was published last, so
two builds of the same Dockerfile differ. Pin `package@version`, install a git URL at a
commit or tag (`#v1.2.3`), a tarball or a local folder. A bare `npm install` (or
`npm ci`) installs what `package-lock.json` pins and needs nothing more.

Bad:

```Dockerfile
FROM node:22.11
RUN npm install -g typescript
```

Good:

```Dockerfile
FROM node:22.11
RUN npm install -g typescript@5.6.3
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3016"
NAME = "npm-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `npm install`."
HADOLINT: str | None = "DL3016"
FIXABLE = False

MESSAGE = (
    "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`"
)

_GIT = ("git://", "git+ssh://", "git+http://", "git+https://")
_TARBALL = (".tar", ".tar.gz", ".tgz")
_FOLDER = ("/", "./", "../", "~/")
#: The npm options whose value hadolint knows is not a package.
_VALUE_FLAGS = ("loglevel", "registry")
_SCOPE = re.compile(r"^@[^/.\-,+*)(\s'\"!&%$#]*")


def _pinned(package: str) -> bool:
    if package.startswith(_GIT):
        return "#" in package
    if package.endswith(_TARBALL) or package.startswith(_FOLDER):
        return True
    return "@" in _SCOPE.sub("", package)  # `@scope/name` is not a version


def _packages(cmd: ShellCommand) -> list[str]:
    # hadolint reads only `npm install ...` with `install` as the first word that is not
    # a flag (`npm --prefix /app install x` is not read).
    words = list(cmd.args_no_flags(value_flags=_VALUE_FLAGS))
    if not words or words[0] != "install":
        return []
    while words and words[0] == "install":
        words.pop(0)
    return words


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if not cmd.is_("npm", "install"):
                continue
            loose = [p for p in _packages(cmd) if not _pinned(p)]
            if loose:
                line, column = cmd.position_of_arg(loose[0])
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
