"""Pin the versions of the packages `pip install` installs.

Without a version, `pip install flask` installs whatever was released last, so two builds
of the same Dockerfile differ and a rebuild can pull a breaking major version. Pin
`package==version` (or another specifier), install from a requirements file (`-r`) or a
constraints file (`-c`), or install a local path, wheel or a VCS URL at a tag.

Bad:

```Dockerfile
FROM python:3.12
RUN pip install --no-cache-dir flask
```

Good:

```Dockerfile
FROM python:3.12
RUN pip install --no-cache-dir flask==3.0.3
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._pip import VALUE_FLAGS, is_pip_install

ID = "DL3013"
NAME = "pip-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `pip install`."
HADOLINT: str | None = "DL3013"
FIXABLE = False

MESSAGE = (
    "Pin versions in pip. Instead of `pip install <package>` use `pip install "
    "<package>==<version>` or `pip install --requirement <requirements file>`"
)

_SPECIFIERS = ("==", ">=", "<=", ">", "<", "!=", "~=", "===")
_VCS = ("git+", "git", "hg+", "svn", "bzr+")


def _pinned(package: str) -> bool:
    if any(s in package for s in _SPECIFIERS) or package.endswith((".whl", ".tar.gz")):
        return True
    if package.startswith(_VCS):
        return "@" in package
    return "/" in package


def _packages(cmd: ShellCommand) -> list[str]:
    if cmd.has_flag("constraint", "c") or cmd.has_arg("--requirement", "-r", "."):
        return []
    words = list(cmd.args_no_flags(value_flags=VALUE_FLAGS))
    if "install" not in words:
        return []
    words = words[words.index("install") :]
    while words and words[0] == "install":
        words.pop(0)
    return words


def _position(cmd: ShellCommand, package: str) -> tuple[int, int]:
    # The package's own word: in `python -m pip install pip` the first `pip` is not it.
    start = cmd.args.index("install")
    for arg, position in zip(cmd.args[start:], cmd.arg_positions[start:], strict=False):
        if arg == package:
            return position
    return cmd.line, cmd.column


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if not is_pip_install(cmd):
                continue
            loose = [p for p in _packages(cmd) if not _pinned(p)]
            if loose:
                line, column = _position(cmd, loose[0])
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
