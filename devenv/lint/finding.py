"""What a lint rule reports: one `Finding` at a file, line and column."""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning", "info", "style"]
#: "stack" rules check both the dev and the prod stack.
Target = Literal["dockerfile", "config", "dev", "prod", "stack"]

#: Most severe first; a threshold lets through everything at least as severe as itself.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info", "style")


def severity_rank(severity: Severity) -> int:
    """0 for error, 3 for style: lower is more severe."""
    return SEVERITIES.index(severity)


class Finding(NamedTuple):
    """One problem; `line` and `column` are 1-based like editors and hadolint."""

    rule: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    fixable: bool = False

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)
