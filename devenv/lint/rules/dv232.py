"""Keep secrets out of env files; give them as secret files.

An `env_file` is read into the container's environment: in dev by Compose, in prod by
devenv, which inlines it into the stack it deploys. A literal value under a secret-looking
name (PASSWORD, TOKEN, API_KEY, ...) then ends up in the Swarm service spec, readable by
anyone who can `docker service inspect`, and in every process's environment. The rule
reads the files the config names; the value itself is never printed.

Bad:

```yaml
services:
  api:
    image: example/api:1.4
    env_file: [api.env]        # api.env holds DB_PASSWORD=hunter2
```

Good:

```yaml
services:
  api:
    image: example/api:1.4
    env_file: [api.env]        # only DB_PASSWORD_FILE=/run/secrets/db_password
    prod:
      secrets: [{name: db_password, file: secrets/db_password}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.config.interpolate import read_dotenv
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._secrets import literal_secret
from devenv.lint.subjects import Project

ID = "DV232"
NAME = "secret-in-env-file"
TARGET: Target = "config"
SEVERITY: Severity = "warning"
SUMMARY = "Give secrets as secret files, not in an env_file."
HADOLINT: str | None = None
FIXABLE = False


def check(project: Project) -> Iterator[Finding]:
    cfg = project.config
    for name, svc in cfg.services.items():
        files = [svc.env_file] if isinstance(svc.env_file, str) else svc.env_file
        for i, entry in enumerate(files):
            path = entry if isinstance(entry, str) else entry.path
            file = cfg.root / path
            if not file.is_file():
                continue
            secrets = [k for k, v in read_dotenv(file).items() if literal_secret(k, v)]
            if secrets:
                at = (
                    "services",
                    name,
                    "env_file",
                    *(() if isinstance(svc.env_file, str) else (i,)),
                )
                line, column = project.at(*at)
                message = (
                    f"service {name}: {path} sets {', '.join(secrets)} to a literal value: "
                    "give it as a secret file (prod.secrets) and read that file"
                )
                yield Finding(ID, SEVERITY, project.path, line, column, message)
