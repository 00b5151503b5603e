"""Every rule module is registered, shaped alike, documented and tested (STYLE.md §3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devenv.lint.finding import SEVERITIES
from devenv.lint.rules import RULES, Rule

RULES_DIR = Path(__file__).resolve().parents[3] / "devenv" / "lint" / "rules"
TESTS_DIR = Path(__file__).resolve().parent


def test_every_rule_module_is_registered() -> None:
    modules = {p.stem.upper() for p in RULES_DIR.glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_shape(rule_id: str) -> None:
    rule: Rule = RULES[rule_id]
    assert rule_id == rule.ID
    assert re.fullmatch(r"(DL|DV)[0-9]{4}|DV[0-9]{3}", rule_id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.NAME)
    assert rule.TARGET in ("dockerfile", "config", "dev", "prod", "stack")
    assert rule.SEVERITY in SEVERITIES
    assert rule.SUMMARY.endswith("."), "one sentence"
    assert ". " not in rule.SUMMARY, "one sentence"
    assert rule.SUMMARY[0].isupper()
    assert rule.HADOLINT is None or re.fullmatch(r"DL[0-9]{4}", rule.HADOLINT)
    if rule_id.startswith("DL"):
        assert rule_id == rule.HADOLINT, "a hadolint rule keeps hadolint's id"
    assert callable(rule.check)
    assert callable(getattr(rule, "fix", None)) == rule.FIXABLE


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented_with_examples(rule_id: str) -> None:
    doc = RULES[rule_id].__doc__ or ""
    assert len(doc.split("\n\n")[0]) > 20, "a first paragraph that says why"
    assert re.search(r"^Bad( \([\w.]+\))?:$", doc, re.M), "a bad example"
    assert re.search(r"^Good( \([\w.]+\))?:$", doc, re.M), "a good example"
    assert doc.count("```") >= 4


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_a_table_test_with_an_ignore_case(rule_id: str) -> None:
    test = TESTS_DIR / f"test_{rule_id.lower()}.py"
    assert test.is_file(), f"write {test.relative_to(TESTS_DIR.parent.parent)}"
    if RULES[rule_id].TARGET == "dockerfile" and rule_id != "DL1000":
        assert f"ignore={rule_id}" in test.read_text() or f", {rule_id}" in test.read_text()
