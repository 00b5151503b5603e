"""`--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.

Every registered rule is described in `tool.driver.rules` with its docstring as help, so
the code-scanning page explains a finding without leaving GitHub.
https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from devenv import __version__
from devenv.lint.finding import Finding
from devenv.lint.rules import RULES, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note", "style": "note"}


def _uri(file: str) -> dict[str, str]:
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": path.as_posix(), "uriBaseId": "%SRCROOT%"}


def _descriptor(rule: Rule) -> dict[str, Any]:
    doc = inspect.cleandoc(rule.__doc__ or rule.SUMMARY)
    tags = [rule.TARGET] + ([f"hadolint:{rule.HADOLINT}"] if rule.HADOLINT else [])
    return {
        "id": rule.ID,
        "name": rule.NAME,
        "shortDescription": {"text": rule.SUMMARY},
        "fullDescription": {"text": doc.split("\n\n", 1)[0].replace("\n", " ")},
        "help": {"text": doc, "markdown": f"**{rule.ID}: {rule.SUMMARY}**\n\n{doc}"},
        "defaultConfiguration": {"level": _LEVEL[rule.SEVERITY]},
        "properties": {"tags": tags, "problem.severity": rule.SEVERITY},
    }


def document(findings: Sequence[Finding]) -> dict[str, Any]:
    ids = sorted(set(RULES) | {f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    rules = [
        _descriptor(RULES[i]) if i in RULES else {"id": i, "shortDescription": {"text": i}}
        for i in ids
    ]
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _uri(f.file),
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    driver = {
        "name": "devenv",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": "https://pypi.org/project/devenv-docker/",
        "rules": rules,
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "results": results,
            }
        ],
    }


def render(findings: Sequence[Finding], *, files: int = 0, color: bool = False) -> str:
    return json.dumps(document(findings), indent=2) + "\n"
