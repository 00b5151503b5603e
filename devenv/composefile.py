"""The one writer of Compose files: every stack devenv emits, dev or prod, rendered now or
recorded with a release, is written here.

A small writer of our own: the data is only mappings, lists and scalars, and PyYAML's
representer took half a second on a 500-service stack. Strings are plain only where no YAML
reader could take them for anything else, and JSON-quoted (valid YAML) otherwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

_PLAIN = re.compile(r"^(?:[A-Za-z/]|\.{1,2}/)[A-Za-z0-9_./@+-]*(?:[ :=,][A-Za-z0-9_./@+-]+)*$")
_NOT_STRINGS = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", ".nan"]
)


# What YAML may not hold unescaped (JSON leaves them raw): DEL, C1 controls, U+FFFE/FFFF,
# and the characters YAML reads as line breaks inside quotes (NEL, LS, PS).
_NON_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _uescape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


@lru_cache(maxsize=16384)
def _string(value: str) -> str:
    # Plain only where no YAML reader could take it for anything but this string;
    # everything else is JSON-quoted, which is valid YAML. Cached: a stack says the same
    # keys and values again and again (`image`, `networks`, `condition: service_healthy`).
    if _PLAIN.fullmatch(value) and value.lower() not in _NOT_STRINGS and ": " not in value:
        return value
    return _NON_PRINTABLE.sub(_uescape, json.dumps(value, ensure_ascii=False))


def _scalar(value: Any, dollars: bool = False) -> str:
    """`dollars`: write each `$` as `$$` (Compose would interpolate it)."""
    if isinstance(value, str):
        return _string(value.replace("$", "$$") if dollars and "$" in value else value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        text = repr(value)  # YAML 1.1 readers want a '.' in a float: 1e-05 -> 1.0e-05
        mantissa, e, exponent = text.partition("e")
        return f"{mantissa}.0{e}{exponent}" if e and "." not in mantissa else text
    raise TypeError(f"cannot write {type(value).__name__} to a Compose file")


def _emit(value: Any, indent: str, out: list[str], dollars: bool) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{indent}{_string(str(key))}:"
            if isinstance(item, dict | list) and item:
                out.append(head)
                _emit(item, indent + "  " if isinstance(item, dict) else indent, out, dollars)
            else:
                out.append(f"{head} {_inline(item, dollars)}")
    else:
        for item in value:
            if isinstance(item, dict | list) and item:
                sub: list[str] = []
                _emit(item, indent + "  ", sub, dollars)
                out.append(f"{indent}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            else:
                out.append(f"{indent}- {_inline(item, dollars)}")


def _inline(value: Any, dollars: bool) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value, dollars)


def dump(stack: Mapping[str, Any]) -> str:
    """Block-style YAML. Compose interpolates what it reads, so every `$` is written `$$`."""
    return _dump(stack, dollars=True)


def dump_escaped(stack: Mapping[str, Any]) -> str:
    """Block-style YAML of a stack whose `$` are already escaped (a recorded release)."""
    return _dump(stack, dollars=False)


def _dump(stack: Mapping[str, Any], *, dollars: bool) -> str:
    out: list[str] = []
    _emit(dict(stack), "", out, dollars)
    return "\n".join(out) + "\n"


def escape(value: Any) -> Any:
    """`value` with each `$` of its strings as `$$`: what `dump` writes, as data."""
    if isinstance(value, str):
        return value.replace("$", "$$")
    if isinstance(value, dict):
        return {k: escape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape(v) for v in value]
    return value
