"""Do not bind-mount the host's system folders or SSH keys.

A bind mount of `/`, `/etc`, `/proc`, `/sys` or `/var/run` (or of anything under them)
lets the container read, and unless `:ro` change, the host's users, services, kernel
settings and sockets; `~/.ssh` hands it the keys to every machine its owner can reach.
Mount the one file the service needs, read-only, or pass it as a config or a secret.
`/etc/localtime` and `/etc/timezone` (the host's time zone, read-only data) are
accepted, and the Docker socket is DV221's.

Bad (compose.yaml):

```yaml
services:
  backup:
    image: example/backup:3
    volumes: ["/etc:/host/etc", "~/.ssh:/root/.ssh:ro"]
```

Good (compose.yaml):

```yaml
services:
  backup:
    image: example/backup:3
    volumes: ["/etc/localtime:/etc/localtime:ro", "backups:/backups"]
    secrets: [deploy_key]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import covers, host_path, mounts, rendered_dev
from devenv.lint.subjects import Stack

ID = "DV225"
NAME = "sensitive-host-path"
TARGET: Target = "stack"
SEVERITY: Severity = "warning"
SUMMARY = "Do not bind-mount the host's system folders or SSH keys."
HADOLINT: str | None = None
FIXABLE = False

SYSTEM = ("/etc", "/proc", "/sys", "/var/run", "/run", "/boot", "/dev")
ALLOWED = ("/etc/localtime", "/etc/timezone", "/var/run/docker.sock", "/run/docker.sock")


def sensitive(source: str) -> bool:
    path = host_path(source)
    if path in ALLOWED:
        return False
    if path == "/" or any(covers(s, path) for s in SYSTEM):
        return True
    return "/.ssh" in f"{path}/" and (path.startswith(("~", "$HOME", "${HOME}", "/home/", "/root")))


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return
    for name, svc in stack.services():
        for mount in mounts(svc):
            if mount.kind == "bind" and sensitive(mount.source):
                line, column = stack.at("services", name, "volumes", mount.position)
                yield Finding(
                    ID,
                    SEVERITY,
                    stack.path,
                    line,
                    column,
                    f"service {name} mounts the host's {host_path(mount.source)}: mount the "
                    "one file it needs read-only, or give it as a config or secret",
                )
