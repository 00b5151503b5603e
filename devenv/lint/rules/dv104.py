"""Keep secrets out of ENV and ARG: anyone who can pull the image can read them.

An `ENV` value is stored in the image config, and an `ARG` value in the build history
of every layer that uses it: `docker history` and `docker inspect` show both to anyone
who can pull the image, and the value stays in every image built from it. A variable
whose name says it holds a secret (it contains PASSWORD, PASSWD, SECRET, TOKEN,
API_KEY, PRIVATE_KEY or CREDENTIALS) must not get a literal value here. Pass the secret
at run time (a Compose or Swarm secret file), and to the build with
`RUN --mount=type=secret`. Not reported: an `ARG` without a default, an empty value, a
`${VAR}` reference, a boolean, a path (`GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp`)
and names that are about the secret, not the secret (`DB_PASSWORD_FILE`, `TOKEN_URL`).

Bad:

```Dockerfile
FROM python:3.12-slim
ENV DB_PASSWORD=hunter2
ARG NPM_TOKEN=npm_0123456789abcdef
```

Good:

```Dockerfile
FROM python:3.12-slim
ENV DB_PASSWORD_FILE=/run/secrets/db_password
RUN --mount=type=secret,id=npm_token NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, key_values
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._secrets import literal_secret
from devenv.lint.rules._stages import token_position

ID = "DV104"
NAME = "secret-in-env"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Do not give a secret-looking ENV or ARG a literal value."
HADOLINT: str | None = None
FIXABLE = False


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd not in ("ENV", "ARG"):
            continue
        for key, value in key_values(instr):
            if literal_secret(key, value):
                line, column = token_position(instr, key)
                message = (
                    f"{instr.cmd} {key} has a literal value, readable by anyone who pulls "
                    "the image: pass it at run time as a secret file "
                    "(and to the build with RUN --mount=type=secret)"
                )
                yield Finding(ID, SEVERITY, df.path, line, column, message)
