"""How hadolint recognises a pip install (DL3013, DL3042) and reads its options."""

from __future__ import annotations

from devenv.lint.dockerfile import ShellCommand

#: Options of pip (and pipx) install that take a value: that value is not a package.
VALUE_FLAGS = (
    *("abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i"),
    *("index-url", "implementation", "no-binary", "only-binary", "platform", "prefix"),
    *("progress-bar", "proxy", "python", "python-version", "root", "root-user-action"),
    *("src", "t", "target", "trusted-host", "upgrade-strategy"),
)


def is_pip_install(cmd: ShellCommand) -> bool:
    """`pip* install ...` (pipx too) or `python* -m pip install ...`; not `pipenv install`,
    which installs from the Pipfile.lock, pinned by design (issue 15)."""
    if cmd.program.startswith("pipenv"):
        return False
    if cmd.program.startswith("pip"):
        return "install" in cmd.args
    args = cmd.args
    return cmd.program.startswith("python") and any(
        args[i : i + 3] == ("-m", "pip", "install") for i in range(len(args))
    )
