"""The table-test helper for lint rules.

Each rule's test is a table of (input text, expected [(line, column)]) cases, mostly cases
that must NOT fire, plus one an ignore comment silences (hadolint's spec style):

    CASES = [
        ("FROM debian:12.7\n", []),
        ("FROM debian:latest\n", [(1, 6)]),
        ("# devenv ignore=DL3007\nFROM debian:latest\n", []),
    ]

    @pytest.mark.parametrize(("text", "expected"), CASES)
    def test_dl3007(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
        assert check_rule("DL3007", text) == expected

The input is a Dockerfile for a "dockerfile" rule, a Compose file for a "dev"/"prod" rule,
and a devenv.yaml for a "config" rule (extra files, e.g. Dockerfiles the config builds,
go in `files={"app/Dockerfile": "..."}`). A Dockerfile rule that reads settings gets them
as `options={"label-schema": {...}}`, the keys of `Settings.rule_options()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import pytest

from devenv.lint import runner as lint
from devenv.lint.dockerfile import parse
from devenv.lint.finding import Finding
from devenv.lint.rules import RULES
from devenv.lint.subjects import Env, Project, stack_from_text

Position = tuple[int, int]


class CheckRule(Protocol):
    def __call__(
        self,
        rule_id: str,
        text: str,
        *,
        files: Mapping[str, str] | None = None,
        env: Env | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> list[Position]: ...


class RuleFindings(Protocol):
    def __call__(
        self,
        rule_id: str,
        text: str,
        *,
        files: Mapping[str, str] | None = None,
        env: Env | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> list[Finding]: ...


@pytest.fixture
def rule_findings(tmp_path: Path) -> RuleFindings:
    """The findings of one rule on `text`, after ignore comments."""

    def run(
        rule_id: str,
        text: str,
        *,
        files: Mapping[str, str] | None = None,
        env: Env | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> list[Finding]:
        rule = RULES[rule_id]
        if rule.TARGET == "dockerfile":
            subject: lint.Subject = parse(text, "Dockerfile")._replace(options=options or {})
        elif rule.TARGET in ("dev", "prod", "stack"):
            # a "stack" rule runs on the prod stack unless the test names the env
            stack_env: Env = env or ("prod" if rule.TARGET == "stack" else rule.TARGET)
            for name, content in (files or {}).items():
                (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / name).write_text(content)
            subject = stack_from_text(text, stack_env, root=tmp_path)
        else:
            subject = _project(tmp_path, text, files or {})
        return [f for f in lint.check(subject, [rule]) if f.rule == rule_id]

    return run


@pytest.fixture
def check_rule(rule_findings: RuleFindings) -> CheckRule:
    """(line, column) of each finding of one rule on `text`."""

    def run(
        rule_id: str,
        text: str,
        *,
        files: Mapping[str, str] | None = None,
        env: Env | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> list[Position]:
        found = rule_findings(rule_id, text, files=files, env=env, options=options)
        return [(f.line, f.column) for f in found]

    return run


def _project(root: Path, text: str, files: Mapping[str, str]) -> Project:
    from devenv.config import load_config

    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    path = root / "devenv.yaml"
    path.write_text(text)
    return lint.project(load_config(path, env={}))
