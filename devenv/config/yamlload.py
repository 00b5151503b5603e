"""YAML loading that remembers where every value came from.

Errors in a config must name `file:line:column` and the key path, so the loader keeps a
map from key path to the position of the key and of the value (1-based, like editors).
Any malformed input becomes a `DevenvError` at its position, never a traceback.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from devenv import fsutil
from devenv.errors import DevenvError, PathPart, positioned

KeyPath = tuple[PathPart, ...]
Pos = tuple[int, int]

try:  # libyaml when present: the 500-service benchmark loads in a few ms with it
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how pyyaml was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Positions:
    """Where each key path was written: `value` for the value node, `key` for the key."""

    file: str
    value: dict[KeyPath, Pos] = field(default_factory=dict)
    key: dict[KeyPath, Pos] = field(default_factory=dict)
    #: Key paths whose value came from `${VAR}` interpolation, with the variables' names:
    #: an error there names the variables and never echoes the value (it may be a secret).
    interpolated: dict[KeyPath, tuple[str, ...]] = field(default_factory=dict)

    def of(self, path: KeyPath, *, prefer_key: bool = False) -> Pos:
        """The position of `path`, or of its nearest known ancestor."""
        p = tuple(path)
        while True:
            if prefer_key and p in self.key:
                return self.key[p]
            if p in self.value:
                return self.value[p]
            if p in self.key:
                return self.key[p]
            if not p:
                return (1, 1)
            p = p[:-1]

    def error(self, path: KeyPath, message: str, *, prefer_key: bool = False) -> DevenvError:
        line, col = self.of(path, prefer_key=prefer_key)
        return positioned(self.file, line, col, message, path)


@dataclass(frozen=True)
class Loaded:
    data: Any
    positions: Positions
    dollars: bool = True  # the text has a `$`: something may need interpolation


def _pos(node: yaml.Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_constructor = yaml.constructor.SafeConstructor()


# Aliases expand: a "billion laughs" document must fail fast, not eat the memory.
_MAX_NODES = 1_000_000
# What a document may expand to, aliases expanded, so that whatever is accepted loads and
# renders in under 200 MB (issue 14, item 4: 800 aliases of a 1 MB scalar rendered 839 MB).
# Nodes: a key or a value; a 10 MB config of ordinary services has about 400,000 of them,
# and 200,000 load and render in about 170 MB.
MAX_NODES = 200_000
MAX_CHARS = 16 * 1024 * 1024


# flatten_mapping resolves these two: `<<:` merge keys, and a bare `=` key (a string)
_FLATTENED = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def _convert(node: yaml.Node, path: KeyPath, pos: Positions) -> Any:
    # The hot loop of every load (one call per node of devenv.yaml): attribute lookups
    # hoisted, positions written inline, and flatten_mapping only where it has work.
    values = pos.value
    mark = node.start_mark
    values[path] = (mark.line + 1, mark.column + 1)
    if len(values) > _MAX_NODES:
        raise pos.error(path, f"document expands to more than {_MAX_NODES} values (alias bomb?)")
    if isinstance(node, yaml.MappingNode):
        pairs = node.value
        for key_node, _ in pairs:
            if key_node.tag in _FLATTENED:
                _constructor.flatten_mapping(node)  # resolves `<<: *anchor` merge keys
                pairs = node.value
                break
        keys = pos.key
        out: dict[str, Any] = {}
        for key_node, value_node in pairs:
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                key = _convert_scalar(key_node, path, pos)
                if not isinstance(key, str):
                    raise pos.error(path, f"keys must be strings, got {key!r}")
            if key in out:
                line, col = _pos(key_node)
                raise positioned(pos.file, line, col, f"duplicate key {key!r}", path)
            child = (*path, key)
            kmark = key_node.start_mark
            keys[child] = (kmark.line + 1, kmark.column + 1)
            out[key] = _convert(value_node, child, pos)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), pos) for i, item in enumerate(node.value)]
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    return _convert_scalar(node, path, pos)


_STR = "tag:yaml.org,2002:str"


def _convert_scalar(node: yaml.Node, path: KeyPath, pos: Positions) -> Any:
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value  # most scalars: skip the constructor's dispatch
    if not isinstance(node, yaml.ScalarNode):
        line, col = _pos(node)
        raise positioned(pos.file, line, col, "keys must be plain strings", path)
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        line, col = _pos(node)
        raise positioned(pos.file, line, col, f"bad value: {exc.problem}", path) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        line, col = _pos(node)
        raise positioned(pos.file, line, col, f"bad value: {exc}", path) from None


def loads(text: str, file: str) -> Loaded:
    """Parse one YAML document; raise a positioned DevenvError on any problem."""
    # The node tree is many small objects that all live until the end: the cyclic
    # collector would walk them again and again for nothing (a third of a big load).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _loads(text, file)
    finally:
        if enabled:
            gc.enable()


def _bound(text: str, file: str) -> None:
    """Refuse a document that would expand past MAX_NODES or MAX_CHARS, at the alias (or
    node) that crosses the bound: one streaming pass over the parser's events, before the
    node tree, whose size is what is bounded, is built."""
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> nodes and characters, expanded
    opened: list[tuple[str | None, int, int]] = []
    nodes = chars = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.ScalarEvent):
            n, c = 1, len(event.value)
            if event.anchor:
                sizes[event.anchor] = (n, c)
        elif isinstance(event, yaml.AliasEvent):
            n, c = sizes.get(event.anchor or "", (0, 0))  # an unknown one: compose says so
        elif isinstance(event, yaml.CollectionStartEvent):
            opened.append((event.anchor, nodes, chars))
            n, c = 1, 0
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, nodes0, chars0 = opened.pop()
            if anchor:
                sizes[anchor] = (nodes - nodes0, chars - chars0)
            continue
        else:
            continue
        nodes, chars = nodes + n, chars + c
        if nodes > MAX_NODES or chars > MAX_CHARS:
            raise _too_big(event, nodes > MAX_NODES, file)


def _too_big(event: yaml.Event, by_nodes: bool, file: str) -> DevenvError:
    mark = event.start_mark
    bound = f"{MAX_NODES:,} keys and values" if by_nodes else f"{MAX_CHARS >> 20} MiB of text"
    if isinstance(event, yaml.AliasEvent):
        what = f"alias *{event.anchor} expands the document past {bound} (an alias bomb?)"
    else:
        what = f"the document has more than {bound}"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return positioned(file, line, col, f"{what}: split it, or use fewer aliases")


def _loads(text: str, file: str) -> Loaded:
    pos = Positions(file)
    try:
        _bound(text, file)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise positioned(file, line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise positioned(file, 1, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise positioned(file, 1, 1, "invalid YAML: nested too deeply") from None
    if node is None:
        return Loaded(None, pos)
    try:
        return Loaded(_convert(node, (), pos), pos, "$" in text)
    except RecursionError:
        raise positioned(file, 1, 1, "invalid YAML: nested too deeply") from None


def load_file(path: Path, display: str | None = None) -> Loaded:
    name = display or str(path)
    try:
        raw = fsutil.read_regular(path, name)
    except FileNotFoundError:
        raise DevenvError(f"{name}: no such file") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise positioned(name, line, 1, "not UTF-8 text") from None
    return loads(text, name)
