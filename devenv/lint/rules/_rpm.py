"""What the yum, dnf/microdnf and zypper rules share: which arguments are packages, whether
a package names its version, and whether the package cache is cleaned after an install."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from devenv.lint.dockerfile import ShellCommand

# Options of yum and dnf that take a value: that value is not a package.
YUM_VALUE_FLAGS = (
    *("c", "config", "installroot", "releasever", "enablerepo", "disablerepo"),
    *("repo", "repoid", "x", "exclude", "setopt", "d", "debuglevel", "e", "errorlevel"),
    *("downloaddir", "destdir", "rpmverbosity", "forcearch"),
)
# Options of zypper that take a value.
ZYPPER_VALUE_FLAGS = (
    *("r", "repo", "from", "t", "type", "R", "root", "installroot", "D", "reposd-root"),
    *("C", "cache-dir", "c", "config", "download", "p", "plus-repo"),
)

_VERSION_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.~^_:+")


def packages(cmd: ShellCommand, value_flags: Sequence[str], *skip: str) -> list[str]:
    """The words of an install command that name packages (`skip`: the subcommands)."""
    return [a for a in cmd.args_no_flags(value_flags=tuple(value_flags)) if a not in skip]


def rpm_versioned(package: str) -> bool:
    """`name-version` as rpm writes it: after the first `-`, parts of version characters,
    one starting with a digit (`python3-3.12.1`, not `python3-pip`). A local `.rpm` file
    is a fixed file, so it counts as pinned (hadolint wants a `-` in its name too)."""
    if package.endswith(".rpm"):
        return True
    parts = package.split("-")
    if len(parts) <= 1:
        return False
    rest = parts[1:]
    return all(set(p) <= _VERSION_CHARS for p in rest) and any(p[:1].isdigit() for p in rest)


def unclean_install(
    commands: Sequence[ShellCommand],
    is_install: Callable[[ShellCommand], bool],
    is_clean: Callable[[ShellCommand], bool],
) -> ShellCommand | None:
    """The first install when no clean comes after it in the same RUN, else None."""
    for i, cmd in enumerate(commands):
        if is_install(cmd):
            return None if any(is_clean(c) for c in commands[i + 1 :]) else cmd
    return None
