"""What the safe fixes of `devenv lint --fix` share; each fix lives in its rule's module
(`dl3014.fix`, `dv101.fix`, `dl3059.fix`) and leaves the built image the same (issue 3).

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

from devenv.lint.dockerfile import Dockerfile, Instruction, shell_script
from devenv.lint.finding import Finding
from devenv.lint.shell import ShellScript

# Builtins whose effect outlives the command: a merged RUN would carry it into the next.
_STATEFUL = frozenset(
    {
        *("cd", "pushd", "popd", "export", "set", "unset", "umask", "shopt", "alias"),
        *("unalias", "trap", "source", ".", "exec", "exit", "return", "eval", "ulimit"),
        *("declare", "local", "readonly", "typeset", "enable", "hash", "shift", "wait"),
    }
)
LEAKY_NODES = frozenset(
    {"comment", "function_definition", "variable_assignment", "variable_assignments", "ERROR"}
)


def newline(df: Dockerfile) -> str:
    return "\r\n" if "\r\n" in df.text else "\n"


def join(df: Dockerfile, lines: Sequence[str]) -> str:
    nl = newline(df)
    return nl.join(lines) + (nl if df.text.endswith(("\n", "\r")) or not lines else "")


def instructions(df: Dockerfile, findings: Sequence[Finding]) -> list[Instruction]:
    seen: dict[int, Instruction] = {}
    for f in findings:
        instr = df.instruction_at(f.line)
        if instr is not None:
            seen[instr.line] = instr
    return [seen[k] for k in sorted(seen)]


def plain_run(instr: Instruction) -> ShellScript | None:
    """The script of a shell-form RUN (no heredoc) that parsed cleanly, else None."""
    if instr.cmd != "RUN" or instr.json or instr.heredocs:
        return None
    script = shell_script(instr)
    return script if script.ok and script.commands else None


# What may sit between an update-only RUN and the RUN it moves into: none of these can
# change what `apt-get update` fetches or where its files land (COPY could replace
# sources.list, VOLUME would discard the lists, USER would run it unprivileged).
_NEUTRAL = frozenset(
    {"ENV", "ARG", "LABEL", "EXPOSE", "WORKDIR", "HEALTHCHECK", "CMD", "ENTRYPOINT"}
    | {"STOPSIGNAL", "MAINTAINER"}
)


def next_in_stage(df: Dockerfile, instr: Instruction) -> Instruction | None:
    for later in df.instructions:
        if later.line <= instr.line:
            continue
        if later.stage != instr.stage:
            return None
        if later.cmd not in _NEUTRAL:
            return later if later.cmd == "RUN" else None
    return None


def previous(df: Dockerfile, instr: Instruction) -> Instruction | None:
    earlier = [i for i in df.instructions if i.line < instr.line]
    return earlier[-1] if earlier and earlier[-1].stage == instr.stage else None


def leaks_state(script: ShellScript) -> bool:
    """Whether running `script` can change what a following command in the same shell
    sees: directory, variables, options, traps, functions, or an early exit."""
    if not script.ok or LEAKY_NODES & script.statement_types:
        return True
    return any(c.program in _STATEFUL or "&" in (c.before, c.after) for c in script.commands)
