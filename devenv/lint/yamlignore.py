"""`# devenv ignore=DV209` in YAML: Compose files and devenv.yaml, as `# hadolint ignore=`
in a Dockerfile.

The comment goes at the end of a key's line or on its own line right above the key. It
silences the rules it names on that key and everything nested under it (the lines that
follow, indented deeper), so one comment on `ports:` covers each of its entries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

_PRAGMA = re.compile(r"#\s*devenv\s+ignore\s*=\s*([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)")


@functools.lru_cache(maxsize=32)
def ignores(text: str) -> Mapping[int, frozenset[str]]:
    """Line (1-based) -> the rule ids silenced there."""
    lines = text.splitlines()
    out: dict[int, frozenset[str]] = {}
    pending: frozenset[str] = frozenset()
    for n, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        m = _PRAGMA.search(raw) if "#" in raw else None
        ids = frozenset(x.strip().upper() for x in m.group(1).split(",")) if m else frozenset()
        if not stripped or stripped.startswith("#"):
            pending |= ids  # a comment line: for the next key
            continue
        ids |= pending
        pending = frozenset()
        if not ids:
            continue
        indent = _indent(raw)
        opens = raw.split(" #", 1)[0].rstrip().endswith(":")
        end = n
        for k in range(n, len(lines)):
            nxt = lines[k]
            if not nxt.strip() or nxt.lstrip().startswith("#"):
                continue
            deeper = _indent(nxt) > indent
            # `ports:` followed by `- 80` at the same indent is still its value
            if not deeper and not (opens and _indent(nxt) == indent and nxt.lstrip()[:1] == "-"):
                break
            end = k + 1
        for line in range(n, end + 1):
            out[line] = out.get(line, frozenset()) | ids
    return MappingProxyType(out)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@functools.lru_cache(maxsize=8)
def file_ignores(path: Path) -> Mapping[int, frozenset[str]]:
    try:
        return ignores(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return MappingProxyType({})
