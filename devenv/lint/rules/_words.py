"""Where an instruction's words are in the raw source, for rules that report a real column.

BuildKit hands rules the words of an instruction but not where they are; these helpers
find them again in `Instruction.source`, following line continuations and skipping the
comment lines Docker drops inside them. Heredoc bodies are not words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from devenv.lint.dockerfile import Instruction


class Word(NamedTuple):
    text: str
    line: int
    column: int


_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SHELL_WORD = re.compile(r"\S+")


def words(instr: Instruction) -> list[Word]:
    """The words after the keyword (and after `ONBUILD X`), flags included, in order.

    In JSON form a word is the string between the quotes and its column is the first
    character inside them.
    """
    out: list[Word] = []
    keywords = 1 + (1 if instr.sub_cmd else 0)
    pattern, group = (_JSON_STRING, 1) if instr.json else (_SHELL_WORD, 0)
    for i, raw in enumerate(_command_lines(instr)):
        while keywords and (m := _SHELL_WORD.search(raw)):
            raw = raw[: m.start()] + " " * len(m.group()) + raw[m.end() :]
            keywords -= 1
        if keywords:
            continue
        for m in pattern.finditer(raw):
            out.append(Word(m.group(group), instr.line + i, m.start(group) + 1))
    return out


def args(instr: Instruction) -> list[Word]:
    """`words` without the leading `--flag` words."""
    found = words(instr)
    n = 0
    while n < len(found) and found[n].text.startswith("--") and not instr.json:
        n += 1
    return found[n:]


def _command_lines(instr: Instruction) -> list[str]:
    # The lines that hold the instruction's words: up to the first line that does not end
    # with the escape character (heredoc bodies follow it). Comment lines inside a
    # continuation are blanked, as Docker drops them.
    lines: list[str] = []
    for n, raw in enumerate(instr.source):
        if n and raw.lstrip().startswith("#"):
            lines.append("")
            continue
        stripped = raw.rstrip()
        if not stripped.endswith(instr.escape):
            lines.append(raw)
            break
        lines.append(stripped[:-1])
    return lines
