"""Pass `--no-cache-dir` to `pip install`.

pip keeps a copy of every package it downloads in `~/.cache/pip`; in an image that copy is
dead weight in the layer, often as large as the installed packages. Pass
`--no-cache-dir`, set `PIP_NO_CACHE_DIR=1` in the stage's `ENV` (or `ARG`), or put the
cache on a cache mount. `pipx` and `pipenv` manage their own environments and are not
reported.

Bad:

```Dockerfile
FROM python:3.12
RUN pip install flask==3.0.3
```

Good:

```Dockerfile
FROM python:3.12
RUN pip install --no-cache-dir flask==3.0.3
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction, ShellCommand, key_values, shell_commands
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._mounts import cache_targets
from devenv.lint.rules._pip import is_pip_install

ID = "DL3042"
NAME = "pip-no-cache-dir"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pass `--no-cache-dir` to `pip install`."
HADOLINT: str | None = "DL3042"
FIXABLE = False

MESSAGE = "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`"

_TRUTHY = ("1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES")
_INLINE = re.compile(r"PIP_NO_CACHE_DIR=[\"']?(?:" + "|".join(_TRUTHY) + ")")


def _wrapper(cmd: ShellCommand) -> bool:
    if "pipx" in cmd.program or "pipenv" in cmd.program:
        return True
    args = cmd.args
    return cmd.program.startswith("python") and any(
        args[i : i + 2] in (("-m", "pipx"), ("-m", "pipenv")) for i in range(len(args))
    )


def _caches(cmd: ShellCommand) -> bool:
    return is_pip_install(cmd) and "--no-cache-dir" not in cmd.args and not _wrapper(cmd)


def _sets_no_cache(instr: Instruction) -> bool:
    # hadolint reads ENV only; an ARG is in the environment of the RUNs below it too.
    if (instr.sub_cmd or instr.cmd) not in ("ENV", "ARG"):
        return False
    return any(k == "PIP_NO_CACHE_DIR" and v in _TRUTHY for k, v in key_values(instr))


def check(df: Dockerfile) -> Iterator[Finding]:
    no_cache: dict[tuple[int, bool], bool] = {}
    for instr in df.instructions:
        onbuild = instr.cmd == "ONBUILD"
        if instr.cmd == "FROM":
            parent = df.stages[instr.stage].parent
            inherited = parent is not None and no_cache.get((parent, False), False)
            no_cache[(instr.stage, False)] = no_cache[(instr.stage, True)] = inherited
        elif _sets_no_cache(instr):
            no_cache[(instr.stage, onbuild)] = True
            if not onbuild:  # the image's ENV holds for its ONBUILD triggers too
                no_cache[(instr.stage, True)] = True
        if no_cache.get((instr.stage, onbuild), False) or _INLINE.search(instr.original):
            continue
        if any(".cache/pip" in t for t in cache_targets(instr)):
            continue
        pip = next((c for c in shell_commands(instr) if _caches(c)), None)
        if pip is not None:
            yield Finding(ID, SEVERITY, df.path, pip.line, pip.column, MESSAGE)
