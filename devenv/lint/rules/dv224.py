"""Keep the seccomp and AppArmor profiles on.

Docker's default seccomp profile blocks the system calls containers have no business
making (`keyctl`, `kexec_load`, `open_by_handle_at`...), and the default AppArmor
profile denies writes to `/proc` and `/sys`. `security_opt: [seccomp:unconfined]`,
`apparmor:unconfined`, `label:disable` (SELinux) and `systempaths=unconfined` turn them
off for the container. If one call is missing, give a custom profile that allows it
(`seccomp:profile.json`).

Bad (compose.yaml):

```yaml
services:
  app:
    image: example/app:1.0
    security_opt: ["seccomp:unconfined", "apparmor=unconfined"]
```

Good (compose.yaml):

```yaml
services:
  app:
    image: example/app:1.0
    security_opt: ["seccomp:./seccomp-app.json", "no-new-privileges:true"]
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import rendered_dev, words
from devenv.lint.subjects import Stack

ID = "DV224"
NAME = "unconfined-profile"
TARGET: Target = "stack"
SEVERITY: Severity = "warning"
SUMMARY = "Keep the seccomp and AppArmor profiles on."
HADOLINT: str | None = None
FIXABLE = False

_OFF = re.compile(
    r"(?i)^\s*(seccomp|apparmor|systempaths)\s*[:=]\s*unconfined\s*$|^\s*label\s*[:=]\s*disable\s*$"
)


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return
    for name, svc in stack.services():
        opts = svc.get("security_opt")
        for i, opt in enumerate(words(opts)):
            if _OFF.match(opt):
                path = ("services", name, "security_opt", *((i,) if isinstance(opts, list) else ()))
                line, column = stack.at(*path)
                yield Finding(
                    ID,
                    SEVERITY,
                    stack.path,
                    line,
                    column,
                    f"service {name}: {opt.strip()} turns off a profile that confines the "
                    "container; give a custom profile that allows what it needs",
                )
