"""Do not add the capabilities that amount to root on the host.

Docker drops most Linux capabilities by default. Some of the ones `cap_add` brings
back break the isolation outright: SYS_ADMIN (mount, namespaces: most of root),
SYS_MODULE (load a kernel module), SYS_PTRACE (read other processes' memory), NET_ADMIN
(rewrite the host's firewall and routes when sharing its network) and ALL. SYS_TIME
sets the host's clock, which the container shares: it also breaks what `devenv ntp`
promises, one clock kept in step with the project's NTP servers. Add a narrower
capability (NET_BIND_SERVICE, CHOWN) or do the privileged step outside the container.

Bad (compose.yaml):

```yaml
services:
  app:
    image: example/app:1.0
    cap_add: [SYS_ADMIN, SYS_TIME]
```

Good (compose.yaml):

```yaml
services:
  app:
    image: example/app:1.0
    cap_add: [NET_BIND_SERVICE]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import rendered_dev, words
from devenv.lint.subjects import Stack

ID = "DV223"
NAME = "dangerous-capability"
TARGET: Target = "stack"
SEVERITY: Severity = "warning"
SUMMARY = "Do not add the capabilities that amount to root on the host."
HADOLINT: str | None = None
FIXABLE = False

WHY = {
    "SYS_ADMIN": "mounts and namespaces, most of what root can do",
    "SYS_MODULE": "loads kernel modules into the host's kernel",
    "SYS_PTRACE": "reads and changes other processes' memory",
    "NET_ADMIN": "reconfigures interfaces, routes and the firewall",
    "SYS_TIME": "sets the host's clock, breaking the clock sync devenv ntp checks",
    "ALL": "every capability: root on the host",
}


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return
    for name, svc in stack.services():
        caps = svc.get("cap_add")
        for i, cap in enumerate(words(caps)):
            key = cap.strip().upper().removeprefix("CAP_")
            if key in WHY:
                path = ("services", name, "cap_add", *((i,) if isinstance(caps, list) else ()))
                line, column = stack.at(*path)
                yield Finding(
                    ID,
                    SEVERITY,
                    stack.path,
                    line,
                    column,
                    f"service {name} adds {key}, which {WHY[key]}",
                )
