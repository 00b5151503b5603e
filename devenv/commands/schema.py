"""`devenv schema`: the JSON Schema of devenv.yaml."""

from __future__ import annotations

import json
import sys
from typing import Any


def config_schema() -> dict[str, Any]:
    import msgspec

    from devenv.config import ProjectConfig

    schema = msgspec.json.schema(ProjectConfig)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "devenv.yaml",
        **schema,
    }


def run() -> int:
    sys.stdout.write(json.dumps(config_schema(), indent=2) + "\n")
    return 0
