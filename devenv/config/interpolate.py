"""`${VAR}` interpolation as Compose does it.

Supported: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
`${VAR:?message}` / `${VAR?message}` (required), `${VAR:+alt}` / `${VAR+alt}`, and `$$`
for a literal `$`. Defaults may themselves hold `${...}`, as in Compose.
See https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from devenv import fsutil
from devenv.errors import positioned

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class InterpolationError(ValueError):
    """A malformed or required-but-unset variable; `offset` is the index in the string."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


#: Defaults nest (`${A:-${B:-x}}`); past this depth the text is refused, not recursed into.
MAX_NESTING = 64


def interpolate(text: str, env: Mapping[str, str], _depth: int = 0) -> str:
    if "$" not in text:
        return text
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch != "$":
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < n else ""
        if nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "{":
            value, i = _braced(text, i, env, _depth)
            out.append(value)
        else:
            m = _NAME.match(text, i + 1)
            if m is None:
                out.append("$")  # a lone `$` stays, as Compose leaves it
                i += 1
            else:
                out.append(env.get(m.group(), ""))
                i = m.end()
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            if depth == 0:
                return j
            depth -= 1
    return -1


def _braced(text: str, dollar: int, env: Mapping[str, str], depth: int) -> tuple[str, int]:
    if depth >= MAX_NESTING:
        raise InterpolationError(f"'${{...}}' nested more than {MAX_NESTING} deep", dollar)
    start = dollar + 2
    end = _closing_brace(text, start)
    if end < 0:
        raise InterpolationError(
            "unclosed '${': add the closing '}' (or write '$$' for '$')", dollar
        )
    m = _NAME.match(text, start)
    if m is None:
        raise InterpolationError(
            f"invalid variable name in {text[dollar : end + 1]!r}: expected ${{NAME}}", dollar
        )
    name = m.group()
    rest = text[m.end() : end]
    value = env.get(name)
    if rest == "":
        return (value or ""), end + 1
    for op in (":-", ":?", ":+", "-", "?", "+"):
        if rest.startswith(op):
            arg = rest[len(op) :]
            arg = interpolate(arg, env, depth + 1) if "$" in arg else arg
            return _apply(op, name, value, arg, dollar), end + 1
    raise InterpolationError(
        f"invalid substitution {text[dollar : end + 1]!r}: expected ${{{name}}}, "
        f"${{{name}:-default}} or ${{{name}:?message}}",
        dollar,
    )


def _apply(op: str, name: str, value: str | None, arg: str, offset: int) -> str:
    empty_counts = op.startswith(":")
    is_set = value is not None and (value != "" or not empty_counts)
    kind = op[-1]
    if kind == "-":
        return value if is_set and value is not None else arg
    if kind == "+":
        return arg if is_set else ""
    if not is_set or value is None:  # kind == "?"
        raise InterpolationError(f"required variable {name} is not set: {arg or 'set it'}", offset)
    return value


def read_dotenv(path: Path) -> dict[str, str]:
    """The `.env` file beside the config, as Compose reads it (KEY=VALUE, # comments)."""
    out: dict[str, str] = {}
    name = fsutil.display(path)
    try:
        data = fsutil.read_regular(path, name)
    except FileNotFoundError:
        return out
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise positioned(name, row, col, "not UTF-8 text") from None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out[key.strip()] = value
    return out
