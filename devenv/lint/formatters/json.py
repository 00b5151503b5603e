"""`--format json`: a list of findings, each with the equivalent hadolint id or null."""

from __future__ import annotations

import json
from collections.abc import Sequence

from devenv.lint.finding import Finding
from devenv.lint.rules import RULES


def render(findings: Sequence[Finding], *, files: int = 0, color: bool = False) -> str:
    out = []
    for f in findings:
        rule = RULES.get(f.rule)
        out.append(
            {
                "rule": f.rule,
                "hadolint": rule.HADOLINT if rule is not None else None,
                "severity": f.severity,
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "fixable": f.fixable,
            }
        )
    return json.dumps(out, indent=2) + "\n"
