"""Strings where the schema wants a number or a boolean, cast as Compose casts them.

Compose interpolates first and types after: `replicas: ${N:-2}` is the string "2" until
compose-go casts it by the field's type (loader/interpolate.go: toInt, toFloat,
toBoolean), and a quoted literal (`pids: "5"`, `init: "true"`) is cast alike. `devenv
import` keeps `${VAR}` as written (issue 12), so devenv.yaml must be read the same way:
a string is cast only where the field takes a number or a boolean and not a string; a
string that does not read as one stays a string, for the type check to report.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Any

import msgspec

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
# compose-go's toBoolean: YAML 1.1's words
_BOOLS = {"y": True, "yes": True, "true": True, "on": True}
_BOOLS |= {"n": False, "no": False, "false": False, "off": False}


def cast(value: Any, tp: Any) -> Any:
    """`value` (YAML data, interpolated) with its strings cast where `tp` wants it."""
    if not _castable(tp):  # most of a config: environment, labels, ports, commands
        return value
    if isinstance(value, str):
        return _scalar(value, _kinds(tp))
    if isinstance(value, dict):
        fields, values = _mapping(tp)
        if fields is not None:
            return {k: cast(v, fields[k]) if k in fields else v for k, v in value.items()}
        if values is not None:
            return {k: cast(v, values) for k, v in value.items()}
        return value
    if isinstance(value, list):
        items = _items(tp)
        return value if items is None else [cast(v, items) for v in value]
    return value


@cache
def _unwrap(tp: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return tuple(u for arg in typing.get_args(tp) for u in _unwrap(arg))
    return (tp,)


@cache
def _kinds(tp: Any) -> frozenset[type]:
    """The scalar types `tp` takes (a Literal's by its values); `str` if it takes any text."""
    out: set[type] = set()
    for cand in _unwrap(tp):
        if cand is Any:
            out.add(str)
        elif typing.get_origin(cand) is typing.Literal:
            out.update(type(v) for v in typing.get_args(cand))
        elif cand in (str, int, float, bool):
            out.add(cand)
    return frozenset(out)


def _scalar(text: str, kinds: frozenset[type]) -> Any:
    if str in kinds or not kinds:
        return text
    if int in kinds and _INT.fullmatch(text):
        return int(text)
    if float in kinds and _FLOAT.fullmatch(text):
        return float(text)
    if bool in kinds and text.lower() in _BOOLS:
        return _BOOLS[text.lower()]
    return text


@cache
def _mapping(tp: Any) -> tuple[dict[str, Any] | None, Any]:
    """A Struct's fields by their YAML names, or a dict's value type."""
    for cand in _unwrap(tp):
        if isinstance(cand, type) and issubclass(cand, msgspec.Struct):
            return {f.encode_name: f.type for f in msgspec.structs.fields(cand)}, None
    for cand in _unwrap(tp):
        if typing.get_origin(cand) is dict:
            return None, typing.get_args(cand)[1]
    return None, None


@cache
def _castable(tp: Any) -> bool:
    """Somewhere in `tp` a number or a boolean that a string does not also satisfy."""
    kinds = _kinds(tp)
    if kinds and str not in kinds:
        return True
    fields, values = _mapping(tp)
    if fields is not None and any(_castable(t) for t in fields.values()):
        return True
    if values is not None and _castable(values):
        return True
    items = _items(tp)
    return items is not None and _castable(items)


@cache
def _items(tp: Any) -> Any:
    for cand in _unwrap(tp):
        if typing.get_origin(cand) is list:
            return typing.get_args(cand)[0]
    return None
