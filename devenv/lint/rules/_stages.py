"""Dockerfile helpers shared by devenv's own rules: the stages an image is built from,
the packages a RUN installs, and where a token was written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction, ShellCommand, Stage, shell_commands


def lineage(df: Dockerfile, stage: Stage) -> tuple[Stage, ...]:
    """`stage` and the earlier stages it builds on (`FROM base AS prod`), root first."""
    chain = [stage]
    while chain[-1].parent is not None:
        chain.append(df.stages[chain[-1].parent])
    return tuple(reversed(chain))


def built_stages(df: Dockerfile) -> tuple[Stage, ...]:
    """The stages that become images: the production targets of the services that build
    this file when the config is known, else the final stage."""
    final = df.final_stage
    if final is None:
        return ()
    if df.config is None or not df.services:
        return (final,)
    out: dict[int, Stage] = {}
    for name in df.services:
        build = df.config.services[name].build
        target = build.target if build is not None else None
        stage = next(
            (s for s in df.stages if target and (s.name or "").lower() == target.lower()), final
        )
        out.setdefault(stage.index, stage)
    return tuple(out.values())


# (program, subcommands) that install packages, and their options that take a value.
_INSTALLERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("apt-get", ("install",)),
    ("apt", ("install",)),
    ("apk", ("add",)),
    ("yum", ("install",)),
    ("dnf", ("install",)),
    ("microdnf", ("install",)),
    ("zypper", ("install", "in")),
)
_VALUE_FLAGS = (
    *("t", "target-release", "o", "option", "c", "config-file", "X", "repository"),
    *("virtual", "setopt", "enablerepo", "disablerepo", "releasever"),
)


def installed_packages(instr: Instruction) -> Iterator[tuple[ShellCommand, str, str]]:
    """(command, package name without version or arch, the arg as written) for each
    package a package-manager install in this RUN names."""
    for cmd in shell_commands(instr):
        for program, subcommands in _INSTALLERS:
            if not cmd.is_(program, *subcommands):
                continue
            words = cmd.args_no_flags(value_flags=_VALUE_FLAGS)
            seen_sub = False
            for word in words:
                if not seen_sub:
                    seen_sub = word in subcommands
                    continue
                yield cmd, package_name(word), word
            break


def package_name(word: str) -> str:
    """`curl=7.88*` / `curl:amd64` / `python3~=3.11` / `nodejs-18.1` stay names only."""
    return re.split(r"[=<>~:]", word, maxsplit=1)[0].lower()


def token_position(instr: Instruction, token: str) -> tuple[int, int]:
    """(line, column) of `token` written as a whole word after the keyword."""
    pattern = re.compile(rf"(?<![\w./-]){re.escape(token)}(?![\w./-])")
    for i, raw in enumerate(instr.source):
        start = instr.column - 1 + len(instr.cmd) if i == 0 else 0
        m = pattern.search(raw, start)
        if m:
            return instr.line + i, m.start() + 1
    return instr.line, instr.column


def has_healthcheck(df: Dockerfile, stage: Stage) -> bool:
    """The HEALTHCHECK in force in `stage` (the last one, inherited through earlier
    stages) exists and is not `HEALTHCHECK NONE`."""
    for ancestor in reversed(lineage(df, stage)):
        checks = [i for i in df.stage_instructions(ancestor) if i.cmd == "HEALTHCHECK"]
        if checks:
            return [a.upper() for a in checks[-1].args[:1]] != ["NONE"]
    return False
