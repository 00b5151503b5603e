"""A Dockerfile as lint rules see it: instructions, stages and the original source lines.

Docker's own BuildKit parser (the `dockerfile` package) splits the file, so what devenv
reads is what `docker build` reads. The raw lines are kept beside it: findings point at the
real column (hadolint always says 1) and `--fix` rewrites the file without reformatting it.
A file the parser rejects is a `Dockerfile` with `parse_error` set and no instructions,
which the runner reports as DL1000 at its line: never a crash (issue 3).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv.errors import DevenvError
from devenv.lint.shell import ShellCommand, ShellScript, shell_commands, shell_script

if TYPE_CHECKING:
    from devenv.config import ProjectConfig

__all__ = [
    "DEFAULT_SHELL",
    "Dockerfile",
    "Heredoc",
    "ImageRef",
    "Instruction",
    "ParseError",
    "ShellCommand",
    "ShellScript",
    "Stage",
    "image_ref",
    "key_values",
    "parse",
    "parse_file",
    "shell_commands",
    "shell_script",
]

DEFAULT_SHELL: tuple[str, ...] = ("/bin/sh", "-c")

# Instructions Docker's parser splits but BuildKit refuses to run (`FOO bar` parses).
_KNOWN = frozenset(
    {
        *("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK"),
        *("LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME"),
        "WORKDIR",
    }
)


class Heredoc(NamedTuple):
    name: str
    content: str
    fd: int


class ParseError(NamedTuple):
    message: str
    line: int
    column: int


class Instruction(NamedTuple):
    """One instruction. `line`..`end_line` span continuations and heredoc bodies (1-based).

    `args` is Docker's split: RUN/CMD shell form is one string; ENV and LABEL alternate key
    and value with quotes kept (use `key_values`). `source` holds the raw lines, `column`
    is where the keyword starts. `stage` is the index of its stage, -1 before the first FROM.
    """

    cmd: str
    flags: tuple[str, ...]
    args: tuple[str, ...]
    original: str
    line: int
    end_line: int
    column: int
    json: bool
    heredocs: tuple[Heredoc, ...]
    stage: int
    sub_cmd: str | None = None
    source: tuple[str, ...] = ()
    shell: tuple[str, ...] = DEFAULT_SHELL
    escape: str = "\\"
    #: Per-instruction memo (the parsed shell script); None: nothing is remembered.
    cache: dict[str, Any] | None = None

    def flag(self, name: str) -> str | None:
        """The value of `--name=value` (or "" for a bare `--name`), None when absent."""
        for f in self.flags:
            key, eq, value = f.partition("=")
            if key == f"--{name}":
                return value if eq else ""
        return None

    def position_of(self, token: str, *, after_keyword: bool = True) -> tuple[int, int]:
        """(line, column) of the first `token` in the raw source, else of the keyword."""
        for i, raw in enumerate(self.source):
            start = self.column - 1 + len(self.cmd) if i == 0 and after_keyword else 0
            col = raw.find(token, start)
            if col >= 0:
                return self.line + i, col + 1
        return self.line, self.column


class Stage(NamedTuple):
    """One FROM. `base_image` has global ARG defaults resolved; `parent` is the index of an
    earlier stage it builds on (`FROM build AS test`), else None."""

    index: int  # type: ignore[assignment]  # shadows tuple.index, on purpose
    name: str | None
    base_image: str
    base_raw: str
    first_line: int
    last_line: int
    column: int
    platform: str | None
    parent: int | None

    @property
    def image(self) -> ImageRef:
        return image_ref(self.base_image)


class Dockerfile(NamedTuple):
    """The parsed file. `ignores` maps an instruction's first line to the rule ids that a
    `# devenv ignore=` / `# hadolint ignore=` comment right above it silences."""

    path: str
    text: str
    lines: tuple[str, ...]
    instructions: tuple[Instruction, ...]
    stages: tuple[Stage, ...]
    parse_error: ParseError | None
    ignores: Mapping[int, frozenset[str]] = MappingProxyType({})
    global_ignores: frozenset[str] = frozenset()
    escape: str = "\\"
    # Context the runner adds for rules that need it (DV106 reads the config's healthcheck).
    config: ProjectConfig | None = None
    services: tuple[str, ...] = ()
    options: Mapping[str, Any] = MappingProxyType({})

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_instructions(self, stage: Stage | int) -> tuple[Instruction, ...]:
        index = stage if isinstance(stage, int) else stage.index
        return tuple(i for i in self.instructions if i.stage == index)

    def instruction_at(self, line: int) -> Instruction | None:
        for instr in self.instructions:
            if instr.line <= line <= instr.end_line:
                return instr
        return None


class ImageRef(NamedTuple):
    """`registry/repository:tag@digest`, each part "" when absent."""

    registry: str
    repository: str
    tag: str
    digest: str


def image_ref(ref: str) -> ImageRef:
    name, _, digest = ref.partition("@")
    tag = ""
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1 :]
    registry = ""
    first, sep, rest = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        registry, name = first, rest
    return ImageRef(registry, name, tag, digest)


def key_values(instr: Instruction) -> tuple[tuple[str, str | None], ...]:
    """ENV/LABEL/ARG as (key, unquoted value); an ARG without a default has None."""
    if instr.cmd == "ARG":
        out: list[tuple[str, str | None]] = []
        for arg in instr.args:
            key, eq, value = arg.partition("=")
            out.append((key, _unquote(value) if eq else None))
        return tuple(out)
    pairs = instr.args
    return tuple((pairs[i], _unquote(pairs[i + 1])) for i in range(0, len(pairs) - 1, 2))


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_file(path: Path, display: str | None = None) -> Dockerfile:
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DevenvError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DevenvError(f"{name}:{line}:1: not UTF-8 text") from None
    return parse(text, name)


def parse(text: str, path: str = "Dockerfile") -> Dockerfile:
    import dockerfile as buildkit  # Docker's Go parser; imported here to keep start-up fast

    text = text.removeprefix("\ufeff")
    lines = tuple(line.removesuffix("\r") for line in text.split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    escape = _escape_directive(lines)
    try:
        commands = buildkit.parse_string(text)
    except buildkit.GoParseError as exc:
        line = _locate_error(buildkit, lines)
        return _failed(path, text, lines, escape, str(exc), line)
    for c in commands:
        if c.cmd.upper() not in _KNOWN:
            return _failed(path, text, lines, escape, f"unknown instruction: {c.cmd}", c.start_line)
    instructions, stages = _build(commands, lines, escape)
    ignores, global_ignores = _pragmas(lines, instructions)
    return Dockerfile(
        path, text, lines, instructions, stages, None, ignores, global_ignores, escape
    )


def _failed(
    path: str, text: str, lines: tuple[str, ...], escape: str, message: str, line: int
) -> Dockerfile:
    raw = lines[line - 1] if 0 < line <= len(lines) else ""
    column = len(raw) - len(raw.lstrip()) + 1
    return Dockerfile(path, text, lines, (), (), ParseError(message, line, column), escape=escape)


def _locate_error(buildkit: Any, lines: tuple[str, ...]) -> int:
    # The Go error carries no line. The longest prefix that still parses ends just before
    # the fault (a prefix cut inside a heredoc fails too, so search from the end).
    for k in range(len(lines) - 1, 0, -1):
        try:
            buildkit.parse_string("\n".join(lines[:k]) + "\n")
        except buildkit.GoParseError:
            continue
        return k + 1
    return 1


_DIRECTIVE = re.compile(r"#\s*([a-zA-Z]+)\s*=\s*(\S*)\s*$")


def _escape_directive(lines: tuple[str, ...]) -> str:
    for line in lines:
        m = _DIRECTIVE.match(line.strip())
        if not m:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("`", "\\"):
            return m.group(2)
    return "\\"


def _build(
    commands: Any, lines: tuple[str, ...], escape: str
) -> tuple[tuple[Instruction, ...], tuple[Stage, ...]]:
    instructions: list[Instruction] = []
    stages: list[Stage] = []
    stage_shells: list[tuple[str, ...]] = []
    global_args: dict[str, str | None] = {}
    shell = DEFAULT_SHELL
    for c in commands:
        cmd = c.cmd.upper()
        source = lines[c.start_line - 1 : c.end_line]
        first = source[0] if source else ""
        column = len(first) - len(first.lstrip()) + 1
        if cmd == "FROM":
            stage = _stage(c, len(stages), stages, global_args, first, column)
            stages.append(stage)
            shell = stage_shells[stage.parent] if stage.parent is not None else DEFAULT_SHELL
            stage_shells.append(shell)
        elif cmd == "SHELL" and c.json and stages:
            shell = tuple(c.value)
            stage_shells[-1] = shell
        flags = tuple(c.flags) if cmd != "ONBUILD" else _trigger_flags(c.original)
        instr = Instruction(
            cmd=cmd,
            flags=flags,
            args=tuple(c.value),
            original=c.original,
            line=c.start_line,
            end_line=c.end_line,
            column=column,
            json=bool(c.json),
            heredocs=tuple(Heredoc(h.name, h.content, h.file_descriptor) for h in c.heredocs),
            stage=len(stages) - 1,
            sub_cmd=c.sub_cmd.upper() if c.sub_cmd else None,
            source=tuple(source),
            shell=shell,
            escape=escape,
            cache={},
        )
        if cmd == "ARG" and not stages:
            global_args.update(key_values(instr))
        instructions.append(instr)
    done = tuple(
        s._replace(last_line=max(i.end_line for i in instructions if i.stage == s.index))
        for s in stages
    )
    return tuple(instructions), done


def _trigger_flags(original: str) -> tuple[str, ...]:
    """The flags of the instruction inside `ONBUILD` (`ONBUILD RUN --mount=...`): BuildKit's
    parser drops them (issue 15), so read them back from the joined text: the words
    after the keyword that start with `--`, before the first that does not."""
    words = original.split()[2:]
    flags: list[str] = []
    for word in words:
        if not word.startswith("--") or word == "--":
            break
        flags.append(word)
    return tuple(flags)


def _stage(
    c: Any,
    index: int,
    earlier: list[Stage],
    args: dict[str, str | None],
    first: str,
    column: int,
) -> Stage:
    value = tuple(c.value)
    raw = value[0] if value else ""
    name = value[2] if len(value) >= 3 and value[1].lower() == "as" else None
    base = _expand(raw, args)
    parent = next((s.index for s in earlier if s.name and s.name.lower() == base.lower()), None)
    col = first.find(raw, column - 1 + 4) if raw else -1
    platform = next((f.partition("=")[2] for f in c.flags if f.startswith("--platform=")), None)
    return Stage(
        index=index,
        name=name,
        base_image=base,
        base_raw=raw,
        first_line=c.start_line,
        last_line=c.end_line,
        column=col + 1 if col >= 0 else column,
        platform=platform,
        parent=parent,
    )


_VAR = re.compile(r"\$(?:\{(\w+)(?:(:?[-+])([^}]*))?\}|(\w+))")


def _expand(word: str, args: Mapping[str, str | None]) -> str:
    """Substitute global ARG defaults the way BuildKit does in FROM; an ARG with no
    default (or none declared) stays as written, since its value is unknown at lint time."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(4)
        op, alt = m.group(2), m.group(3) or ""
        value = args.get(name)
        if op in (":-", "-"):
            return value if value or (op == "-" and value is not None) else alt
        if op in (":+", "+"):
            return alt if value or (op == "+" and value is not None) else ""
        return value if value is not None else m.group(0)

    return _VAR.sub(sub, word)


_PRAGMA = re.compile(
    r"#\s*(?:hadolint|devenv)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)"
)


def _pragmas(
    lines: tuple[str, ...], instructions: tuple[Instruction, ...]
) -> tuple[Mapping[int, frozenset[str]], frozenset[str]]:
    inside = {n for i in instructions for n in range(i.line, i.end_line + 1)}
    found: dict[int, frozenset[str]] = {}
    global_ids: set[str] = set()
    for n, raw in enumerate(lines, start=1):
        m = _PRAGMA.match(raw.strip()) if n not in inside else None
        if m:
            ids = frozenset(x.strip().upper() for x in m.group(2).split(","))
            if m.group(1):
                global_ids |= ids
            else:
                found[n] = ids
    ignores: dict[int, frozenset[str]] = {}
    for instr in instructions:
        # hadolint reads the line right above; devenv also accepts a block of comments.
        n, ids = instr.line - 1, frozenset[str]()
        while n >= 1 and n not in inside and lines[n - 1].lstrip().startswith("#"):
            ids |= found.get(n, frozenset())
            n -= 1
        if ids:
            ignores[instr.line] = ids
    return MappingProxyType(ignores), frozenset(global_ids)
