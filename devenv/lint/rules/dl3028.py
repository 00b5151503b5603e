"""Pin the versions of the gems `gem install` installs.

Without a version, `gem install rails` installs whatever was released last, so two builds
of the same Dockerfile differ and a rebuild can pull a new major version. Pin
`gem:version` or pass `-v`. Gems a `Gemfile.lock` pins through `bundle install` need
nothing more.

Bad:

```Dockerfile
FROM ruby:3.3
RUN gem install bundler
```

Good:

```Dockerfile
FROM ruby:3.3
RUN gem install bundler:2.5.22
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, ShellCommand, shell_commands
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3028"
NAME = "gem-pin"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Pin versions in `gem install`."
HADOLINT: str | None = "DL3028"
FIXABLE = False

MESSAGE = (
    "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`"
)


def _gems(cmd: ShellCommand) -> list[str]:
    # As hadolint: the words before `--`, where every option is taken to consume the
    # word after it (`-N rails` installs rails, but gem's options rarely take a value).
    if cmd.has_arg("-v", "--version") or any(a.startswith("--version=") for a in cmd.args):
        return []
    gems: list[str] = []
    skip = False
    for arg in cmd.args:
        if arg == "--":
            break
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = True
        elif arg not in ("install", "i"):
            gems.append(arg)
    return gems


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for cmd in shell_commands(instr):
            if not cmd.is_("gem", "install", "i"):
                continue
            loose = [g for g in _gems(cmd) if ":" not in g]
            if loose:
                line, column = cmd.position_of_arg(loose[0])
                yield Finding(ID, SEVERITY, df.path, line, column, MESSAGE)
