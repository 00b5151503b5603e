"""Pass secrets as `secrets:`, not through `environment` with a literal value.

A secret written in `environment` is in the stack file, in version control, in the
output of `docker inspect` and `docker service inspect`, in `/proc/<pid>/environ`, and
in every crash report that dumps the environment. Swarm secrets are encrypted at rest,
sent only to the nodes that run the service, and mounted as a file in memory: give the
service a `prod.secrets` entry and let the application read the file (many official
images read `*_FILE` variables for this: `POSTGRES_PASSWORD_FILE`). A variable is
reported when its name looks like a secret (PASSWORD, PASSWD, SECRET, TOKEN, API_KEY,
PRIVATE_KEY, CREDENTIALS) and its value is a literal: not empty, not taken from the
shell (`- API_TOKEN` alone, or `${API_TOKEN}` in devenv.yaml or the Compose file), not a
boolean or a path. Both forms of `environment` (mapping and `KEY=VALUE` list) are read,
and so are the files a service's `env_file` names (reported at their own line), in
Compose files written by hand, dev or prod: they are committed too. devenv.yaml's
`dev.environment` is not checked: it never reaches production.

Bad (devenv.yaml):

```yaml
project: shop
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: hunter2
```

Good (devenv.yaml):

```yaml
project: shop
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    prod:
      secrets:
        - {name: db_password, external: true}
```
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import env_files, environment, rendered_dev
from devenv.lint.rules._secrets import literal, literal_secret
from devenv.lint.subjects import Stack, config_path

ID = "DV203"
NAME = "secret-in-environment"
TARGET: Target = "stack"
SEVERITY: Severity = "error"
SUMMARY = "Pass secrets through `secrets:`, not as literal environment values."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return  # what dev adds is dev-only; what it shares with prod, prod reports
    for name, svc in stack.services():
        for _, entry in env_files(stack, svc):
            if literal_secret(entry.name, entry.value):
                yield Finding(
                    ID,
                    SEVERITY,
                    _display(entry.file),
                    entry.line,
                    1,
                    f"service {name}: {entry.name} is a secret with a literal value in an "
                    "env_file: give it as a secret file (secrets:) and read that file",
                )
        for var in environment(svc):
            if not literal_secret(var.name, var.value):
                continue
            path = ("services", name, "environment", var.key)
            if stack.rendered and not _literal_in_config(stack, path):
                continue
            line, column = stack.at(*path)
            message = (
                f"service {name}: {var.name} is a secret with a literal value in the stack "
                "environment: give it as a secret file (prod.secrets) and read that file"
            )
            yield Finding(ID, SEVERITY, stack.path, line, column, message)


def _display(path: Path) -> str:
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _literal_in_config(stack: Stack, path: tuple[str | int, ...]) -> bool:
    """devenv.yaml interpolates `${VAR}` when it loads: read the value as written."""
    cfg = stack.config
    if cfg is None:
        return True
    where = cfg.positions.value.get(config_path(cfg, stack.env, path))
    if where is None:
        return True
    lines = _lines(cfg.path)
    line, column = where
    if line > len(lines):
        return True
    raw = _scalar(lines[line - 1][column - 1 :])
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", raw):  # a `KEY=VALUE` list item
        raw = raw.partition("=")[2]
    return literal(raw)


@functools.lru_cache(maxsize=8)
def _lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def _scalar(text: str) -> str:
    if text[:1] in ("'", '"'):
        end = text.find(text[0], 1)
        return text[1:end] if end > 0 else text[1:]
    return re.split(r"\s+#|[,}\]]", text, maxsplit=1)[0].strip()
