"""Reading devenv.yaml: YAML with positions, interpolation, then schema validation.

Every problem becomes one positioned line (`file:line:col: key.path: what was expected`),
all of them in one DevenvError, exit 2.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from devenv.config import ProjectConfig
from devenv.errors import DevenvError, positioned
from devenv.interpolate import InterpolationError, interpolate, read_dotenv
from devenv.yamlload import KeyPath, Positions, load_file

_MAX_REPORTED = 20


def load(path: Path, env: dict[str, str]) -> ProjectConfig:
    display = _display(path)
    loaded = load_file(path, display)
    data, pos = loaded.data, loaded.positions
    if data is None:
        raise positioned(display, 1, 1, "the file is empty: expected `project:` and `services:`")
    if not isinstance(data, dict):
        raise pos.error(
            (), f"expected a mapping with `project:` and `services:`, got {_kind(data)}"
        )
    if "inputs" in data and "services" not in data:
        raise DevenvError(
            f"{display}: this devenv.yaml is cachix/devenv's (Nix), not a devenv-docker config; "
            "give devenv-docker its own file with -c FILE"
        )
    env = {**read_dotenv(path.parent / ".env"), **env}
    data = _interpolate(data, (), env, pos)
    try:
        cfg = ProjectConfig.model_validate(data)
    except ValidationError as exc:
        raise DevenvError("\n".join(_messages(exc, data, pos))) from None
    _check_references(cfg, pos)
    cfg._path = path
    cfg._positions = pos
    return cfg


def _check_references(cfg: ProjectConfig, pos: Positions) -> None:
    names = list(cfg.services)
    for name, svc in cfg.services.items():
        for i, dep in enumerate(svc.depends_on):
            if dep not in cfg.services:
                hint = _did_you_mean(dep, names) or f" (services: {', '.join(names)})"
                raise pos.error(("services", name, "depends_on", i), f"no service {dep!r}{hint}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _kind(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "nothing (null)",
    }.get(type(value), type(value).__name__)


def _interpolate(data: Any, path: KeyPath, env: dict[str, str], pos: Positions) -> Any:
    if isinstance(data, dict):
        return {k: _interpolate(v, (*path, k), env, pos) for k, v in data.items()}
    if isinstance(data, list):
        return [_interpolate(v, (*path, i), env, pos) for i, v in enumerate(data)]
    if isinstance(data, str) and "$" in data:
        try:
            return interpolate(data, env)
        except InterpolationError as exc:
            line, col = pos.of(path)
            raise positioned(pos.file, line, col + exc.offset, str(exc), path) from None
    return data


def _data_path(loc: tuple[int | str, ...], data: Any) -> KeyPath:
    """Drop pydantic's union tags (`str`, `list[str]`, `function-after[...]`) from a loc."""
    out: list[int | str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            continue
        out.append(part)
    return tuple(out)


def _messages(exc: ValidationError, data: Any, pos: Positions) -> list[str]:
    by_path: dict[KeyPath, list[str]] = {}
    unknown: dict[KeyPath, str] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            unknown[_data_path(loc, data)] = _unknown_key(loc, data)
            continue
        path = _data_path(loc, data)
        if err["type"] == "missing":
            msg = f"missing required key {loc[-1]!r}"
            path = (*path, str(loc[-1])) if path == _data_path(loc[:-1], data) else path
        else:
            msg = _explain(err, _lookup(data, path))
        by_path.setdefault(path, []).append(msg)
    # A union member that got further into the value explains it better than "expected a
    # string" from the member that stopped at the top: keep the deepest.
    for path in [p for p in by_path if any(q[: len(p)] == p and q != p for q in by_path)]:
        if all(m.startswith("expected ") for m in by_path[path]):
            del by_path[path]
    lines: list[str] = []
    for path, msg in unknown.items():
        line, col = pos.of(path, prefer_key=True)
        lines.append(positioned(pos.file, line, col, msg, path).message)
    for path, msgs in by_path.items():
        line, col = pos.of(path)
        merged = msgs[0] if len(msgs) == 1 else _merge(msgs)
        lines.append(positioned(pos.file, line, col, merged, path).message)
    lines.sort(key=_line_order)
    if len(lines) > _MAX_REPORTED:
        lines = [*lines[:_MAX_REPORTED], f"... and {len(lines) - _MAX_REPORTED} more problems"]
    return lines


def _line_order(message: str) -> tuple[int, int]:
    parts = message.split(":")
    try:
        return int(parts[1]), int(parts[2])
    except (IndexError, ValueError):
        return (0, 0)


def _merge(msgs: list[str]) -> str:
    expected = [m.removeprefix("expected ") for m in msgs if m.startswith("expected ")]
    others = [m for m in msgs if not m.startswith("expected ")]
    if others:
        return others[0]
    got = expected[0].rpartition(", got ")[2]
    kinds = sorted({e.rpartition(", got ")[0] for e in expected})
    return f"expected {' or '.join(kinds)}, got {got}"


_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_PATTERNS = {
    "^/": "an absolute container path (starting with /)",
    "^[a-z0-9][a-z0-9_-]*$": "a lowercase name (a-z, 0-9, '-', '_')",
    "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$": "a name of letters, digits, '.', '-' or '_'",
}


def _explain(err: Any, value: Any) -> str:
    kind = err["type"]
    got = f"got {_kind(value)}" if not isinstance(value, str | int | float) else f"got {value!r}"
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, {got}"
    if kind == "string_pattern_mismatch":
        pattern = err["ctx"]["pattern"]
        if "ns|us|ms|s|m|h" in pattern:
            return f"expected a duration such as '5s' or '1m30s', {got}"
        if "bkmg" in pattern:
            return f"expected a size such as '256M' or '1G', {got}"
        return f"expected {_PATTERNS.get(pattern, f'text matching {pattern}')}, {got}"
    if kind == "literal_error":
        expected = err["ctx"]["expected"]
        hint = _did_you_mean(
            str(value), [e.strip("'") for e in expected.replace(" or ", ", ").split(", ")]
        )
        return f"expected {expected}, {got}{hint}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "too_short":
        return f"expected at least {err['ctx']['min_length']} entry, got none"
    msg = str(err["msg"])
    return msg[0].lower() + msg[1:] + f", {got}"


def _lookup(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _unknown_key(loc: tuple[int | str, ...], data: Any) -> str:
    key = str(loc[-1])
    allowed = _allowed_keys(loc[:-1])
    hint = _did_you_mean(key, allowed)
    listing = f" (expected one of: {', '.join(allowed)})" if allowed and not hint else ""
    return f"unknown key {key!r}{hint}{listing}"


def _allowed_keys(loc: tuple[int | str, ...]) -> list[str]:
    model: Any = ProjectConfig
    for part in loc:
        model = _step(model, part)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _step(tp: Any, part: int | str) -> Any:
    """The type one step down `part` from `tp` (a model, list, dict, Optional...)."""
    for candidate in _unwrap(tp):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if isinstance(part, str) and part in candidate.model_fields:
                return candidate.model_fields[part].annotation
        origin = typing.get_origin(candidate)
        if origin is list and isinstance(part, int):
            return typing.get_args(candidate)[0]
        if origin is dict and isinstance(part, str):
            return typing.get_args(candidate)[1]
    return None


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [u for arg in typing.get_args(tp) for u in _unwrap(arg)]
    return [tp]
