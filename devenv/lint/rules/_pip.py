"""How hadolint recognises a pip install (DL3013, DL3042)."""

from __future__ import annotations

from devenv.lint.dockerfile import ShellCommand


def is_pip_install(cmd: ShellCommand) -> bool:
    """`pip* install ...` or `python* -m pip install ...`."""
    if cmd.program.startswith("pip"):
        return "install" in cmd.args
    args = cmd.args
    return cmd.program.startswith("python") and any(
        args[i : i + 3] == ("-m", "pip", "install") for i in range(len(args))
    )
