"""Use `COPY`, not `ADD`, for local files and folders.

`ADD` also fetches URLs and unpacks local archives, so a reader of `ADD config/ /etc/app/`
has to wonder which of those it does, and a file renamed to `.tar.gz` changes the image.
`COPY` only copies. Keep `ADD` for what only it does: a URL, a git repository, or a local
tar archive to unpack.

Bad:

```Dockerfile
FROM debian:12.7
ADD config/ /etc/app/
```

Good:

```Dockerfile
FROM debian:12.7
COPY config/ /etc/app/
ADD rootfs.tar.xz /
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._words import args

ID = "DL3020"
NAME = "copy-not-add"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Use `COPY`, not `ADD`, for local files and folders."
HADOLINT: str | None = "DL3020"
FIXABLE = False

MESSAGE = "Use COPY instead of ADD for files and folders"

# The suffixes hadolint takes for a tar archive `ADD` unpacks.
_ARCHIVES = (
    *(".tar", ".gz", ".tgz", ".bz2", ".tbz", ".tbz2", ".tb2", ".xz", ".txz"),
    *(".lz", ".tlz", ".lzma", ".z", ".tz", ".tpz"),
)
# hadolint takes only http(s) URLs as remote; `ADD` also clones git repositories.
_REMOTE = ("https://", "http://", "git@", "git://", "ssh://")


def _needs_add(source: str) -> bool:
    source = source.strip("\"'")
    return source.startswith(_REMOTE) or source.lower().endswith(_ARCHIVES)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd != "ADD":
            continue
        local = [w for w in args(instr)[:-1] if not _needs_add(w.text)]
        if local:
            yield Finding(ID, SEVERITY, df.path, local[0].line, local[0].column, MESSAGE)
