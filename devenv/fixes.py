"""The safe fixes of `devenv lint --fix`: each leaves the built image the same (issue 3).

- `add_yes` (DL3014): `apt-get install` gets `-y`. Without it a build that needs a
  confirmation aborts, so every build that succeeded before builds the same files after.
- `merge_update` (DV101): a RUN that is only `apt-get update` moves into the next RUN of
  the stage when that one installs, right before its `apt-get install`.
- `merge_runs` (DL3059): a RUN joins the RUN right above it with `&& \\`. Only when the
  upper one cannot leak state into the lower one (no `cd`, `export`, `set`, `exit`,
  bare assignments, functions, background jobs or comments), both are plain shell form
  with the same flags, and nothing but comments sits between them.

Each fix returns the whole new text; lines it does not touch stay byte for byte, and a
second run finds nothing more to do.
"""

from __future__ import annotations

from collections.abc import Sequence

from devenv.dockerfile import Dockerfile, Instruction, shell_script
from devenv.finding import Finding
from devenv.shell import ShellCommand, ShellScript

# Builtins whose effect outlives the command: a merged RUN would carry it into the next.
_STATEFUL = frozenset(
    {
        *("cd", "pushd", "popd", "export", "set", "unset", "umask", "shopt", "alias"),
        *("unalias", "trap", "source", ".", "exec", "exit", "return", "eval", "ulimit"),
        *("declare", "local", "readonly", "typeset", "enable", "hash", "shift", "wait"),
    }
)
_LEAKY_NODES = frozenset(
    {"comment", "function_definition", "variable_assignment", "variable_assignments", "ERROR"}
)


def _newline(df: Dockerfile) -> str:
    return "\r\n" if "\r\n" in df.text else "\n"


def _join(df: Dockerfile, lines: Sequence[str]) -> str:
    nl = _newline(df)
    return nl.join(lines) + (nl if df.text.endswith(("\n", "\r")) or not lines else "")


def _instructions(df: Dockerfile, findings: Sequence[Finding]) -> list[Instruction]:
    seen: dict[int, Instruction] = {}
    for f in findings:
        instr = df.instruction_at(f.line)
        if instr is not None:
            seen[instr.line] = instr
    return [seen[k] for k in sorted(seen)]


def _plain_run(instr: Instruction) -> ShellScript | None:
    """The script of a shell-form RUN (no heredoc) that parsed cleanly, else None."""
    if instr.cmd != "RUN" or instr.json or instr.heredocs:
        return None
    script = shell_script(instr)
    return script if script.ok and script.commands else None


def add_yes(df: Dockerfile, findings: Sequence[Finding]) -> str:
    lines = list(df.lines)
    at = {(f.line, f.column) for f in findings}
    for instr in reversed(_instructions(df, findings)):
        if _plain_run(instr) is None:
            continue
        installs = [c for c in shell_script(instr).commands if c.is_("apt-get", "install")]
        flagged = [c for c in installs if (c.line, c.column) in at] or [
            c for c in installs if not c.has_flag("y", "yes", "assume-yes")
        ]
        for cmd in sorted(flagged, key=lambda c: (c.line, c.column), reverse=True):
            line, col = cmd.position_of_arg("install")
            raw = lines[line - 1]
            if raw[col - 1 : col - 1 + 7] == "install":
                lines[line - 1] = raw[: col - 1 + 7] + " -y" + raw[col - 1 + 7 :]
            else:
                lines[line - 1] = raw[: col - 1] + "-y " + raw[col - 1 :]
    return _join(df, lines)


_APT = ("apt-get", "apt")
# Subcommands that read the package lists, as DV101 counts them.
_USES_LISTS = (
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "build-dep",
    "source",
    "download",
)


def merge_update(df: Dockerfile, findings: Sequence[Finding]) -> str:
    lines: list[str | None] = list(df.lines)
    for instr in reversed(_instructions(df, findings)):
        update = _only_update(instr)
        nxt = _next_in_stage(df, instr)
        if update is None or nxt is None or nxt.flags != instr.flags:
            continue
        script = _plain_run(nxt)
        users = (
            [c for c in script.commands if any(c.is_(a, *_USES_LISTS) for a in _APT)]
            if (script)
            else []
        )
        if not users or users[0].depth or users[0].before not in ("", "&&", ";", "\n"):
            continue
        line, col = users[0].line, users[0].column
        raw = lines[line - 1]
        assert raw is not None
        lines[line - 1] = f"{raw[: col - 1]}{_command_text(update)} && {raw[col - 1 :]}"
        for n in range(instr.line, instr.end_line + 1):
            lines[n - 1] = None
    return _join(df, [line for line in lines if line is not None])


def _only_update(instr: Instruction) -> ShellCommand | None:
    script = _plain_run(instr)
    if script is None or len(script.commands) != 1 or _LEAKY_NODES & script.statement_types:
        return None
    (cmd,) = script.commands
    return cmd if any(cmd.is_(a, "update") for a in _APT) and not cmd.env else None


def _command_text(cmd: ShellCommand) -> str:
    return cmd.text if "\n" not in cmd.text else " ".join((cmd.name, *cmd.args))


# What may sit between an update-only RUN and the RUN it moves into: none of these can
# change what `apt-get update` fetches or where its files land (COPY could replace
# sources.list, VOLUME would discard the lists, USER would run it unprivileged).
_NEUTRAL = frozenset(
    {"ENV", "ARG", "LABEL", "EXPOSE", "WORKDIR", "HEALTHCHECK", "CMD", "ENTRYPOINT"}
    | {"STOPSIGNAL", "MAINTAINER"}
)


def _next_in_stage(df: Dockerfile, instr: Instruction) -> Instruction | None:
    for later in df.instructions:
        if later.line <= instr.line:
            continue
        if later.stage != instr.stage:
            return None
        if later.cmd not in _NEUTRAL:
            return later if later.cmd == "RUN" else None
    return None


def _previous(df: Dockerfile, instr: Instruction) -> Instruction | None:
    earlier = [i for i in df.instructions if i.line < instr.line]
    return earlier[-1] if earlier and earlier[-1].stage == instr.stage else None


def leaks_state(script: ShellScript) -> bool:
    """Whether running `script` can change what a following command in the same shell
    sees: directory, variables, options, traps, functions, or an early exit."""
    if not script.ok or _LEAKY_NODES & script.statement_types:
        return True
    return any(c.program in _STATEFUL or "&" in (c.before, c.after) for c in script.commands)


def merge_runs(df: Dockerfile, findings: Sequence[Finding]) -> str:
    lines: list[str | None] = list(df.lines)
    for instr in reversed(_instructions(df, findings)):
        upper = _previous(df, instr)
        if upper is None or not _mergeable(df, upper, instr):
            continue
        last = upper.end_line
        raw = lines[last - 1]
        assert raw is not None
        body = raw.rstrip()
        lines[last - 1] = body.removesuffix(";").rstrip() + " && \\"
        indent = _indent(upper)
        for n in range(last + 1, instr.line):  # keep comments between, drop blank lines
            text = lines[n - 1]
            if text is not None:
                lines[n - 1] = indent + text.lstrip() if text.strip() else None
        first = lines[instr.line - 1]
        assert first is not None
        lines[instr.line - 1] = indent + _strip_keyword(first, instr)
    return _join(df, [line for line in lines if line is not None])


def _mergeable(df: Dockerfile, upper: Instruction, lower: Instruction) -> bool:
    up, low = _plain_run(upper), _plain_run(lower)
    if up is None or low is None or upper.flags != lower.flags:
        return False
    if any("ignore=" in df.lines[n - 1] for n in range(upper.end_line + 1, lower.line)):
        return False  # a pragma between would end up inside the merged RUN
    return not leaks_state(up) and not low.statement_types & {"ERROR"}


def _indent(upper: Instruction) -> str:
    for raw in upper.source[1:]:
        stripped = raw.lstrip()
        if stripped and not stripped.startswith("#"):
            return raw[: len(raw) - len(stripped)]
    return " " * (upper.column - 1 + 4)


def _strip_keyword(first: str, instr: Instruction) -> str:
    rest = first.lstrip()[len(instr.cmd) :].lstrip()
    for flag in instr.flags:
        rest = rest.removeprefix(flag).lstrip()
    return rest
