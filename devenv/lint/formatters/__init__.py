"""Output formats of `devenv lint`, one module each, imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from devenv.errors import DevenvError
from devenv.lint.finding import Finding

FORMATS = ("text", "json", "sarif", "github")


class Formatter(Protocol):
    def render(self, findings: Sequence[Finding], *, files: int, color: bool) -> str: ...


def get(name: str) -> Formatter:
    if name not in FORMATS:
        raise DevenvError(f"--format {name}: expected one of {', '.join(FORMATS)}")
    module: Formatter = importlib.import_module(f"devenv.lint.formatters.{name}")
    return module
