"""Do not run containers privileged.

`privileged: true` gives the container every capability, every device of the host and
no seccomp or AppArmor profile: root in it is root on the host, one `mount` away. A
container that needs one device or one capability can be given just that (`devices:`,
`cap_add:`). Checked in dev and prod stacks: a compromised dependency on a developer's
machine reaches that machine the same way.

Bad (compose.yaml):

```yaml
services:
  agent:
    image: example/agent:2.1
    privileged: true
```

Good (compose.yaml):

```yaml
services:
  agent:
    image: example/agent:2.1
    devices: ["/dev/fuse"]
    cap_add: [SYS_ADMIN]  # devenv ignore=DV223
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import rendered_dev
from devenv.lint.subjects import Stack

ID = "DV220"
NAME = "privileged-container"
TARGET: Target = "stack"
SEVERITY: Severity = "error"
SUMMARY = "Do not run containers privileged."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return
    for name, svc in stack.services():
        if svc.get("privileged") is True or str(svc.get("privileged")).lower() == "true":
            line, column = stack.at("services", name, "privileged")
            yield Finding(
                ID,
                SEVERITY,
                stack.path,
                line,
                column,
                f"service {name} is privileged: root in it is root on the host; grant the "
                "one device or capability it needs instead",
            )
