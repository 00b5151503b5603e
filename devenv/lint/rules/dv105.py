"""Do not COPY or ADD secret material into the image.

A file copied into a layer stays in the image for good, even when a later RUN deletes
it: anyone who can pull the image can extract it. Environment files (`.env`), SSH keys
(`id_rsa`, `id_ed25519`), private keys and certificates with their keys (`*.pem`,
`*.key`, `*.p12`, `*.pfx`, Java keystores), registry credentials (`.npmrc`, `.pypirc`,
`.netrc`, `.git-credentials`, `.docker/config.json`) and cloud credentials
(`credentials`, `.aws/`, `.ssh/`) belong in secrets: mount them for the one RUN that needs
them with `RUN --mount=type=secret`, and give them to the container at run time. Files
that hold no secret are not reported: `.env.example` (and `.sample`, `.template`,
`.dist`), public keys (`*.pub`) and certificates named as such (`ca.pem`, `cert.pem`,
`fullchain.pem`, `*.gpg.key`). `COPY --from` copies from another stage or image, not from
the build context, and is not reported.

Bad:

```Dockerfile
FROM node:20-slim
COPY .npmrc package.json package-lock.json ./
RUN npm ci
```

Good:

```Dockerfile
FROM node:20-slim
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from devenv.lint.dockerfile import Dockerfile, Instruction
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._stages import token_position

ID = "DV105"
NAME = "copy-secret-file"
TARGET: Target = "dockerfile"
SEVERITY: Severity = "error"
SUMMARY = "Do not COPY or ADD secret files into the image."
HADOLINT: str | None = None
FIXABLE = False

_SECRET_NAMES = frozenset(
    {
        *(".env", ".npmrc", ".pypirc", ".netrc", ".git-credentials", ".dockercfg"),
        *("credentials", "credentials.json", ".htpasswd", "secrets.yml", "secrets.yaml"),
        *("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"),
    }
)
_SECRET_DIRS = frozenset({".ssh", ".aws", ".gnupg", ".docker"})
_SECRET_SUFFIXES = (".pem", ".key", ".p12", ".pfx", ".jks", ".keystore")
_NOT_SECRET_ENV = frozenset({"example", "sample", "template", "dist", "defaults"})
# Words that name a public half: `ca.pem`, `fullchain.pem`, `repo.gpg.key`, `server.pub.key`.
_PUBLIC = frozenset(
    {
        *("ca", "cacert", "cert", "certs", "certificate", "certificates", "chain"),
        *("fullchain", "bundle", "pub", "public", "root", "gpg", "asc", "crt"),
    }
)


def check(df: Dockerfile) -> Iterator[Finding]:
    for instr in df.instructions:
        if instr.cmd not in ("COPY", "ADD") or instr.flag("from") is not None:
            continue
        for source in _sources(instr):
            if secret_file(source):
                line, column = token_position(instr, source)
                message = (
                    f"{instr.cmd} {source} puts secret material in a layer for good: "
                    "use RUN --mount=type=secret for the build and a secret at run time"
                )
                yield Finding(ID, SEVERITY, df.path, line, column, message)


def _sources(instr: Instruction) -> list[str]:
    heredocs = {h.name for h in instr.heredocs}
    out = []
    for arg in instr.args[:-1]:
        if arg.startswith("<<") or arg in heredocs or re.match(r"^[a-z+]+://|^git@", arg):
            continue
        out.append(arg)
    return out


def secret_file(path: str) -> bool:
    parts = [p for p in path.rstrip("/").split("/") if p not in ("", ".")]
    if not parts:
        return False
    name = parts[-1].lower()
    if any(p.lower() in _SECRET_DIRS for p in parts):
        return True
    if name in _SECRET_NAMES:
        return True
    if name.startswith(".env."):
        return name.split(".")[-1] not in _NOT_SECRET_ENV
    if name.endswith(_SECRET_SUFFIXES):
        words = set(re.split(r"[-_.]", name)[:-1])
        return not words & _PUBLIC
    return False
