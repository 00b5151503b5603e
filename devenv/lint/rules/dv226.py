"""Run production services with `no-new-privileges`.

Without it, a process in the container can gain privileges by running a setuid binary
(`su`, `sudo`, a `ping` with file capabilities): one bug away from root in the
container. `security_opt: ["no-new-privileges:true"]` makes the kernel refuse any
gain for the container's processes and their children, and costs nothing to a service
that never needed it. Checked on production Compose files written by hand (`--env
prod`); on a Swarm whose engines cannot set it per service, set `"no-new-privileges":
true` in each daemon's `daemon.json` and silence the rule with `# devenv
ignore=DV226`.

Bad (compose.yaml):

```yaml
services:
  api:
    image: registry.local/shop/api:1.4.2
```

Good (compose.yaml):

```yaml
services:
  api:
    image: registry.local/shop/api:1.4.2
    security_opt: ["no-new-privileges:true"]
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import words
from devenv.lint.subjects import Stack

ID = "DV226"
NAME = "no-new-privileges"
TARGET: Target = "prod"
SEVERITY: Severity = "info"
SUMMARY = "Run production services with `no-new-privileges`."
HADOLINT: str | None = None
FIXABLE = False

_ON = re.compile(r"(?i)^\s*no-new-privileges\s*(?:[:=]\s*true\s*)?$")


def check(stack: Stack) -> Iterator[Finding]:
    if stack.rendered:
        return  # devenv's own prod stack: what it renders is render's business
    for name, svc in stack.services():
        if not any(_ON.match(opt) for opt in words(svc.get("security_opt"))):
            key = "security_opt" if "security_opt" in svc else "image"
            line, column = stack.at("services", name, key)
            yield Finding(
                ID,
                SEVERITY,
                stack.path,
                line,
                column,
                f"service {name} runs without no-new-privileges: a setuid binary in it can "
                'gain privileges; add security_opt: ["no-new-privileges:true"]',
            )
