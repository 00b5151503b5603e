"""Keep secrets out of `ARG` and `ENV`.

An `ENV` value is stored in the image's config and a build `ARG` value in its history
(`docker history` shows both), so a token or password passed that way ships with every
copy of the image. Pass secrets with `RUN --mount=type=secret`. Reported for the names
hadolint knows as secrets (`GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `NPM_TOKEN`...) and
any name containing `password`, `secret`, `token`, `api_key`, `client_key`, `private` or
`username`, whatever the case.

Bad:

```Dockerfile
FROM node:22-slim
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```

Good:

```Dockerfile
FROM node:22-slim
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target

ID = "DL3064"
NAME = "secret-in-arg-env"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "warning"
SUMMARY = "Keep secrets out of `ARG` and `ENV`."
HADOLINT: str | None = "DL3064"
FIXABLE = False

MESSAGE = "Potentially sensitive data should not be used in the `ARG` or `ENV` commands"

_KNOWN = frozenset(
    {
        *("ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID"),
        *("AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD"),
        *("CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER"),
        *("DOCKERHUB_PASSWORD", "DOCKER_EMAIL", "DOCKER_PASSWORD", "DOCKER_USERNAME"),
        *("FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET"),
        *("FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN"),
        *("GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY"),
        *("HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN", "OKTA_AUTHN_GROUPID"),
        *("OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID"),
        *("OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME"),
        *("POSTGRES_PASSWORD", "SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME"),
        *("TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO", "VAULT_CLIENT_KEY"),
        "VAULT_TOKEN",
    }
)
_SUSPICIOUS = ("api_key", "client_key", "password", "private", "secret", "token", "username")


def _sensitive(name: str) -> bool:
    return name.upper() in _KNOWN or any(s in name.lower() for s in _SUSPICIOUS)


def _names(instr: Instruction) -> list[str]:
    cmd = instr.sub_cmd or instr.cmd
    if cmd == "ARG":
        return [a.partition("=")[0] for a in instr.args]
    if cmd == "ENV":
        return list(instr.args[0::2])
    return []


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        for name in _names(instr):
            if _sensitive(name):
                line, column = instr.position_of(name)
                yield Finding(ID, SEVERITY, df.path, line, column, f"{MESSAGE}: {name}")
                break
