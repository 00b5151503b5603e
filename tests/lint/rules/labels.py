"""The label schema the label rules' tests share (DL3049-DL3058), as devenv reads it from
`.hadolint.yaml` (`label-schema:`) and hands it to the rules."""

from __future__ import annotations

from typing import Any

SCHEMA = {
    "maintainer": "email",
    "org.opencontainers.image.title": "text",
    "org.opencontainers.image.source": "url",
    "org.opencontainers.image.created": "rfc3339",
    "org.opencontainers.image.licenses": "spdx",
    "org.opencontainers.image.revision": "hash",
    "org.opencontainers.image.version": "semver",
}
OPTIONS: dict[str, Any] = {"label-schema": SCHEMA}
STRICT: dict[str, Any] = {"label-schema": SCHEMA, "strict-labels": True}
#: One required label, so that a DL3049 case shows exactly which stages miss it.
ONE: dict[str, Any] = {"label-schema": {"maintainer": "email"}}
