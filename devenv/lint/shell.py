"""RUN commands read with a real shell parser (tree-sitter-bash), not regular expressions.

`&&`, `;`, pipes, quotes, line continuations, comments inside continuations and heredocs
are understood (issue 3). The shell source is rebuilt from the Dockerfile's raw lines with
the keyword and flags blanked out, so every position a rule reports is the real line and
column in the Dockerfile. tree-sitter loads lazily, once: it costs ~5 ms where bashlex
costs 120 ms at import, and one small `devenv lint` must stay under 100 ms.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from tree_sitter import Node

    from devenv.lint.dockerfile import Instruction

#: Shells whose RUN lines are POSIX shell; any other SHELL (pwsh, cmd) is not parsed.
POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"})

_ARG_TYPES = frozenset(
    {
        "word",
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "concatenation",
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "arithmetic_expansion",
        "number",
        "brace_expression",
    }
)
_OPERATORS = frozenset({"&&", "||", ";", "&", "|", "|&", ";;", ";&", ";;&"})
_NESTING = frozenset({"command_substitution", "process_substitution", "subshell"})


class ShellCommand(NamedTuple):
    """One simple command. `args` are unquoted words; positions are Dockerfile-real.

    `before`/`after` are the operators joining it to its neighbours at the same nesting
    ("&&", "||", ";", "|", "&", "\\n" for a new line, "" at either end). `depth` is 0 at
    top level and grows inside `$(...)`, backquotes, `(...)` and `<(...)`.
    """

    name: str
    args: tuple[str, ...]
    line: int
    column: int
    arg_positions: tuple[tuple[int, int], ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    before: str = ""
    after: str = ""
    depth: int = 0
    text: str = ""

    @property
    def program(self) -> str:
        """The name without its directory: `/usr/bin/apt-get` -> `apt-get`."""
        return self.name.rsplit("/", 1)[-1]

    @property
    def flags(self) -> tuple[str, ...]:
        """Flag names as hadolint sees them: `-yq` -> y, q; `--yes=1` -> yes."""
        out: list[str] = []
        for arg in self.args:
            if arg in ("-", "--"):
                continue
            if arg.startswith("--"):
                out.append(arg[2:].split("=", 1)[0])
            elif arg.startswith("-"):
                out.extend(arg[1:])
        return tuple(out)

    def has_flag(self, *names: str) -> bool:
        """Any of the flags, named without dashes: `has_flag("y", "yes", "assume-yes")`."""
        present = self.flags
        return any(n in present for n in names)

    def has_arg(self, *args: str) -> bool:
        return any(a in self.args for a in args)

    def is_(self, name: str, *subcommands: str) -> bool:
        """Runs `name` (by basename) with one of `subcommands` among its args, if given."""
        if self.program != name:
            return False
        return not subcommands or any(a in subcommands for a in self.args)

    def args_no_flags(self, *, value_flags: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Args that are not flags; a flag in `value_flags` (`"t"`, `"target-release"`)
        also takes the following arg as its value when not written `--flag=value`."""
        out: list[str] = []
        skip = False
        for arg in self.args:
            if skip:
                skip = False
                continue
            if arg.startswith("-") and arg not in ("-", "--"):
                name = arg.lstrip("-").split("=", 1)[0]
                long_form = arg.startswith("--")
                takes = name in value_flags if long_form else name[-1:] in value_flags
                skip = takes and "=" not in arg and (long_form or len(name) == 1)
                continue
            out.append(arg)
        return tuple(out)

    def position_of_arg(self, arg: str) -> tuple[int, int]:
        """(line, column) of the first arg equal to `arg`, else of the command."""
        for a, pos in zip(self.args, self.arg_positions, strict=False):
            if a == arg:
                return pos
        return self.line, self.column


class ShellScript(NamedTuple):
    """A RUN's shell program: every command in source order, pipes, and whether it parsed."""

    commands: tuple[ShellCommand, ...]
    has_pipe: bool
    ok: bool
    source: str
    first_line: int
    #: Node types met outside simple commands: "comment", "function_definition",
    #: "variable_assignment" (a bare `A=1`, which outlives its line), "subshell"...
    statement_types: frozenset[str] = frozenset()


_EMPTY_SCRIPT = ShellScript((), False, True, "", 0)


def shell_commands(instr: Instruction) -> tuple[ShellCommand, ...]:
    """The commands a RUN (or ONBUILD RUN) runs; () for other instructions."""
    return shell_script(instr).commands


def shell_script(instr: Instruction) -> ShellScript:
    if instr.cache is None:
        return _script(instr)
    cached = instr.cache.get("shell")
    if cached is None:
        cached = instr.cache["shell"] = _script(instr)
    assert isinstance(cached, ShellScript)
    return cached


def is_posix(shell: tuple[str, ...]) -> bool:
    return bool(shell) and shell[0].rsplit("/", 1)[-1] in POSIX_SHELLS


def _script(instr: Instruction) -> ShellScript:
    if (instr.sub_cmd or instr.cmd) != "RUN" or not is_posix(instr.shell):
        return _EMPTY_SCRIPT
    if instr.json:
        return _exec_form(instr)
    command = instr.args[0] if instr.args else ""
    heredoc = re.fullmatch(r"\s*<<-?[\"']?(\w+)[\"']?\s*", command)
    if heredoc and (instr.heredocs or instr.sub_cmd):
        body = instr.heredocs[0].content if instr.heredocs else _trigger_body(instr, heredoc[1])
        if not _runs_in_shell(body):
            return _EMPTY_SCRIPT  # a heredoc run by python, node...: not shell
        return _parse(body, instr.line + 1)
    return _parse(_shell_source(instr), instr.line)


def _trigger_body(instr: Instruction, name: str) -> str:
    """The heredoc of `ONBUILD RUN <<EOF`: BuildKit's parser keeps none for a trigger, so
    read the lines up to the terminator (issue 15)."""
    lines = instr.source[1:]
    end = next((i for i, line in enumerate(lines) if line.strip() == name), len(lines))
    return "\n".join(lines[:end]) + "\n"


def _runs_in_shell(body: str) -> bool:
    if not body.startswith("#!"):
        return True
    words = body[2:].split("\n", 1)[0].split()
    program = words[0].rsplit("/", 1)[-1] if words else ""
    if program == "env" and len(words) > 1:
        program = words[1]
    return program in POSIX_SHELLS


def _exec_form(instr: Instruction) -> ShellScript:
    if not instr.args:
        return _EMPTY_SCRIPT
    positions = tuple(instr.position_of(f'"{a}"') for a in instr.args)
    line, column = positions[0]
    cmd = ShellCommand(
        name=instr.args[0],
        args=instr.args[1:],
        line=line,
        column=column + 1,
        arg_positions=tuple((ln, col + 1) for ln, col in positions[1:]),
        text=instr.original,
    )
    return ShellScript((cmd,), False, True, instr.original, instr.line)


def _shell_source(instr: Instruction) -> str:
    lines = list(instr.source)
    words = 1 + (1 if instr.sub_cmd else 0) + len(instr.flags)
    row = col = 0
    while words and row < len(lines):
        line = lines[row]
        while col < len(line) and line[col] in " \t":
            col += 1
        if col >= len(line) or (line[col] == instr.escape and not line[col + 1 :].strip()):
            row, col = row + 1, 0
            continue
        end = col
        while end < len(line) and line[end] not in " \t":
            end += 1
        lines[row] = line[:col] + " " * (end - col) + line[end:]
        col, words = end, words - 1
    return "\n".join(_continuations(lines, instr.escape, bool(instr.heredocs)))


_TRAILING = re.compile(r"[ \t]+$")


def _continuations(lines: list[str], escape: str, heredoc: bool) -> list[str]:
    # Docker drops comment and blank lines inside a continuation and allows blanks after
    # the escape; bash would end the command there. Rewrite in place, keeping columns.
    out: list[str] = []
    continuing = False
    for line in lines:
        if heredoc and out and "<<" in out[-1]:
            out.extend(lines[len(out) :])
            break
        if continuing and (not line.strip() or line.lstrip().startswith("#")):
            out.append(" " * len(line) + "\\")
            continue
        stripped = _TRAILING.sub("", line)
        continuing = stripped.endswith(escape)
        if continuing:
            line = stripped[:-1] + "\\"
        out.append(line)
    return out


@functools.cache
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_bash

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def _parse(source: str, first_line: int) -> ShellScript:
    data = source.encode("utf-8")
    tree = _parser().parse(data)
    walker = _Walker(source, first_line)
    walker.walk(tree.root_node, 0)
    return ShellScript(
        tuple(c.freeze() for c in walker.commands),
        walker.has_pipe,
        not tree.root_node.has_error,
        source,
        first_line,
        frozenset(walker.types),
    )


class _Draft:
    __slots__ = (
        *("name", "args", "line", "column", "arg_positions", "env", "depth", "text", "scope"),
        *("before", "after"),
    )

    def __init__(
        self,
        name: str,
        args: list[str],
        line: int,
        column: int,
        arg_positions: list[tuple[int, int]],
        env: list[tuple[str, str]],
        depth: int,
        text: str,
        scope: int = 0,
    ) -> None:
        self.name, self.args, self.line, self.column = name, args, line, column
        self.arg_positions, self.env, self.depth, self.text = arg_positions, env, depth, text
        self.scope, self.before, self.after = scope, "", ""

    def freeze(self) -> ShellCommand:
        return ShellCommand(
            self.name,
            tuple(self.args),
            self.line,
            self.column,
            tuple(self.arg_positions),
            tuple(self.env),
            self.before,
            self.after,
            self.depth,
            self.text,
        )


class _Walker:
    def __init__(self, source: str, first_line: int) -> None:
        self.lines = source.split("\n")
        self.ascii = source.isascii()
        self.first_line = first_line
        self.commands: list[_Draft] = []
        self.has_pipe = False
        self.pending: dict[int, str] = {}
        self.scopes = 0
        self.types: set[str] = set()
        self.todo: list[tuple[str, Any, int, int]] = []

    def pos(self, node: Node) -> tuple[int, int]:
        row, col = node.start_point
        if not self.ascii and row < len(self.lines):
            col = len(self.lines[row].encode("utf-8")[:col].decode("utf-8", "ignore"))
        return self.first_line + row, col + 1

    def walk(self, node: Node, depth: int, scope: int = 0) -> None:
        """Depth first, in source order, with an explicit stack: generated RUN lines nest
        thousands deep (1,000 `&&`, 20,000 parentheses), past Python's recursion limit."""
        self.todo = [("walk", node, depth, scope)]
        while self.todo:
            task, item, depth, scope = self.todo.pop()
            if task == "walk":
                self.visit(item, depth, scope)
            elif task == "op":
                self.operator(item, scope)
            else:
                self.visit_words(item, depth)

    def visit(self, node: Node, depth: int, scope: int) -> None:
        kind = node.type
        self.types.add(kind)
        if kind in ("command", "declaration_command", "unset_command"):
            self.command(node, depth, scope)
            return
        if kind in ("heredoc_body", "comment"):
            return
        if kind in ("pipeline",) and any(c.type in ("|", "|&") for c in node.children):
            self.has_pipe = True
        if kind in _NESTING:
            self.scopes += 1
            depth, scope = depth + 1, self.scopes
        tasks = [
            ("op", child.type, depth, scope)
            if child.type in _OPERATORS
            else ("walk", child, depth, scope)
            for child in node.children
        ]
        self.todo.extend(reversed(tasks))

    def operator(self, op: str, scope: int) -> None:
        last = next((c for c in reversed(self.commands) if c.scope == scope), None)
        if last is not None and not last.after:
            last.after = op
        self.pending[scope] = op

    def command(self, node: Node, depth: int, scope: int) -> None:
        name, name_pos = "", (0, 0)
        args: list[str] = []
        positions: list[tuple[int, int]] = []
        env: list[tuple[str, str]] = []
        nested: list[Node] = []
        declaration = node.type != "command"
        for child in node.children:
            kind = child.type
            if kind == "command_name" or (declaration and not name):
                name, name_pos = _unquote(child), self.pos(child)
            elif kind == "variable_assignment" and not declaration:
                key, _, value = _text(child).partition("=")
                env.append((key, value))
                nested.append(child)
            elif kind in _ARG_TYPES or (declaration and child.is_named):
                args.append(_unquote(child))
                positions.append(self.pos(child))
                nested.append(child)
        if name:
            draft = _Draft(name, args, *name_pos, positions, env, depth, _text(node), scope)
            self.emit(draft)
        tasks = [
            ("walk", child, depth, 0) if child.type in _NESTING else ("words", child, depth, 0)
            for child in nested
        ]
        self.todo.extend(reversed(tasks))

    def visit_words(self, node: Node, depth: int) -> None:
        tasks = [
            ("walk", child, depth, 0) if child.type in _NESTING else ("words", child, depth, 0)
            for child in node.children
            if child.type in _NESTING or child.child_count
        ]
        self.todo.extend(reversed(tasks))

    def emit(self, draft: _Draft) -> None:
        before = self.pending.pop(draft.scope, "")
        last = next((c for c in reversed(self.commands) if c.scope == draft.scope), None)
        if not before and last is not None:
            before = "\n"
            last.after = last.after or "\n"
        draft.before = before
        self.commands.append(draft)


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


_BACKSLASH = re.compile(r"\\(.)", re.DOTALL)
_DQ_ESCAPE = re.compile(r"\\([\\$`\"\n])")


def _unquote(node: Node) -> str:
    kind = node.type
    text = _text(node)
    if kind in ("command_name",) and node.child_count == 1:
        return _unquote(node.children[0])
    if kind == "word":
        return _BACKSLASH.sub(r"\1", text)
    if kind == "raw_string":
        return text[1:-1]
    if kind in ("ansi_c_string", "translated_string"):
        return text[2:-1]
    if kind == "string":
        return _DQ_ESCAPE.sub(r"\1", text[1:-1])
    if kind == "concatenation":
        return "".join(_unquote(c) for c in node.children)
    return text
