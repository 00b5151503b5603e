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


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        # Plain only where no YAML reader could take it for anything but this string;
        # everything else is JSON-quoted, which is valid YAML.
        if _PLAIN.fullmatch(value) and value.lower() not in _NOT_STRINGS and ": " not in value:
            return value
        return _NON_PRINTABLE.sub(_uescape, json.dumps(value, ensure_ascii=False))
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


def _emit(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{indent}{_scalar(str(key))}:"
            if isinstance(item, dict | list) and item:
                out.append(head)
                _emit(item, indent + "  " if isinstance(item, dict) else indent, out)
            else:
                out.append(f"{head} {_inline(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                _emit(item, indent + "  ", sub)
                out.append(f"{indent}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            elif isinstance(item, list) and item:
                sub = []
                _emit(item, indent + "  ", sub)
                out.append(f"{indent}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            else:
                out.append(f"{indent}- {_inline(item)}")


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def dump(stack: Mapping[str, Any]) -> str:
    """Block-style YAML. Compose interpolates what it reads, so every `$` is written `$$`."""
    return dump_escaped(escape(stack))


def dump_escaped(stack: Mapping[str, Any]) -> str:
    """Block-style YAML of a stack whose `$` are already escaped (a recorded release)."""
    out: list[str] = []
    _emit(dict(stack), "", out)
    return "\n".join(out) + "\n"


def escape(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("$", "$$")
    if isinstance(value, dict):
        return {k: escape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape(v) for v in value]
    return value
