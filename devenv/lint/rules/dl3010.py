"""Let `ADD` unpack a local archive instead of `COPY` and `tar -x`.

`COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz` stores the archive in
one layer and its contents in the next: the image carries both, and a later `rm` cannot
take the first layer back. `ADD app.tar.gz /opt/` unpacks a local tar archive (plain,
gzip, bzip2 or xz) in one step. Reported at the `COPY` when a RUN later in the same stage
extracts the archive (`tar -x`, `tar xf`, `gunzip`, `unxz`...). Unlike hadolint, which
loses the findings of every stage but the last, devenv reports them in every stage.

Bad:

```Dockerfile
FROM debian:12.7-slim
COPY vendor.tar.gz /tmp/
RUN tar -xzf /tmp/vendor.tar.gz -C /opt
```

Good:

```Dockerfile
FROM debian:12.7-slim
ADD vendor.tar.gz /opt/
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3010"
NAME = "add-archive"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "info"
SUMMARY = "Let `ADD` unpack a local archive instead of `COPY` and `tar -x`."
HADOLINT: str | None = "DL3010"
FIXABLE = False

MESSAGE = "Use `ADD` for extracting archives into an image"

# The suffixes hadolint takes for an archive ADD would unpack.
_ARCHIVE = (
    *(".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2"),
    *(".tgz", ".tlz", ".tpz", ".txz", ".xz"),
)
_DECOMPRESSORS = frozenset(
    {"unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"}
)


def _basename(path: str) -> str:
    return re.split(r"[/\\]", path.strip("\"'"))[-1]


def _is_archive(path: str) -> bool:
    return path.strip("\"'").endswith(_ARCHIVE)


def _extracts(cmd: ShellCommand) -> bool:
    if cmd.program in _DECOMPRESSORS:
        return True
    if cmd.program != "tar":
        return False
    if any(a in ("--extract", "--get") for a in cmd.args):
        return True
    if any(a.startswith("-") and not a.startswith("--") and "x" in a for a in cmd.args):
        return True
    # Old-style bundled options as the first word: `tar xzf file.tgz`.
    return bool(cmd.args) and re.fullmatch(r"[A-Za-z]*x[A-Za-z]*", cmd.args[0]) is not None


def _copied_archives(instr: Instruction) -> list[tuple[str, Instruction]]:
    if instr.cmd != "COPY" or instr.flag("from") is not None or instr.heredocs:
        return []
    if len(instr.args) < 2:
        return []
    *sources, target = instr.args
    if _is_archive(target):
        return [(_basename(target), instr)]
    return [(_basename(s), instr) for s in sources if _is_archive(s)]


def check(df: Dockerfile) -> Iterator[Finding]:
    for stage in df.stages:
        copied: dict[str, list[Instruction]] = {}
        reported: set[int] = set()
        for instr in df.stage_instructions(stage):
            for name, copy in _copied_archives(instr):
                copied.setdefault(name, []).append(copy)
            for cmd in shell_commands(instr) if instr.cmd == "RUN" else ():
                if not _extracts(cmd):
                    continue
                for arg in cmd.args_no_flags():
                    for copy in copied.get(_basename(arg), ()):
                        if copy.line in reported:
                            continue
                        reported.add(copy.line)
                        message = f"{MESSAGE}: `{_basename(arg)}` is extracted on line {cmd.line}"
                        yield Finding(ID, SEVERITY, df.path, copy.line, copy.column, message)
