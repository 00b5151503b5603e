"""`--format github`: workflow commands that GitHub Actions shows as annotations.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from collections.abc import Sequence

from devenv.lint.finding import Finding

_LEVEL = {"error": "error", "warning": "warning", "info": "notice", "style": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding], *, files: int = 0, color: bool = False) -> str:
    lines = [
        f"::{_LEVEL[f.severity]} file={_property(f.file)},line={f.line},col={f.column},"
        f"title={_property(f.rule)}::{_data(f'{f.rule} {f.message}')}"
        for f in findings
    ]
    return "".join(line + "\n" for line in lines)
