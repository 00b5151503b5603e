"""What the label rules (DL3049-DL3058) share: the `label-schema` and `strict-labels`
settings (`.hadolint.yaml`, or `label_schema:` in devenv.yaml's `lint:` section), each
LABEL's pairs with the real position of the key, and the one check of the rules that
test the form of a value (URL, date, SPDX id, git hash, version, e-mail)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from devenv.lint.dockerfile import Dockerfile, Instruction, key_values
from devenv.lint.finding import Finding, Severity


class Label(NamedTuple):
    key: str
    value: str
    line: int
    column: int


def schema(df: Dockerfile) -> Mapping[str, str]:
    """label name -> type; empty (every label rule is off) unless a setting gives one."""
    found = df.options.get("label-schema")
    return found if isinstance(found, Mapping) else {}


def strict(df: Dockerfile) -> bool:
    return bool(df.options.get("strict-labels"))


def labels(instr: Instruction) -> list[Label]:
    """The pairs of a `LABEL`, keys and values unquoted. `ONBUILD LABEL` labels the image
    built on this one, not this one: hadolint 2.15.1 does not read it either."""
    if instr.cmd != "LABEL":
        return []
    out: list[Label] = []
    cursor = (0, instr.column - 1 + len("LABEL"))
    for raw, value in key_values(instr):
        # Each key after the previous one, as a whole word: a value may contain its text.
        cursor, (line, column) = _find(instr, raw, cursor)
        out.append(Label(raw.strip("\"'"), value or "", line, column))
    return out


def _find(
    instr: Instruction, raw: str, start: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]]:
    pattern = re.compile(rf"(?<![^\s\\]){re.escape(raw)}(?=[=\s]|$)")
    row, col = start
    for i in range(row, len(instr.source)):
        m = pattern.search(instr.source[i], col if i == row else 0)
        if m:
            return (i, _past_value(instr.source[i], m.end())), (instr.line + i, m.start() + 1)
    return start, (instr.line, instr.column)


def _past_value(text: str, at: int) -> int:
    """The end of the `=value` (quoted or not) that starts at `at`, else `at`."""
    if text[at : at + 1] != "=":
        return at
    at += 1
    quote = text[at : at + 1]
    if quote not in ("'", '"'):
        while at < len(text) and not text[at].isspace():
            at += 1
        return at
    at += 1
    while at < len(text) and text[at] != quote:
        at += 2 if text[at] == "\\" else 1
    return at + 1


def check_values(
    df: Dockerfile,
    rule: tuple[str, Severity],
    kind: str,
    valid: Callable[[str], bool],
    message: str,
) -> Iterator[Finding]:
    """A finding at each label of type `kind` whose value is not `valid`; `message` is
    formatted with the label's `key` and `value`."""
    names = {name for name, t in schema(df).items() if t == kind}
    if not names:
        return
    rule_id, severity = rule
    for instr in df.instructions:
        for label in labels(instr):
            if label.key in names and not valid(label.value):
                text = message.format(key=label.key, value=label.value)
                yield Finding(rule_id, severity, df.path, label.line, label.column, text)
