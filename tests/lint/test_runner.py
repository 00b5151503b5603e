"""The runner: pragmas, settings, fixable findings and the --fix loop."""

from __future__ import annotations

from devenv.lint import runner as lint
from devenv.lint.dockerfile import parse
from devenv.lint.rules import RULES
from devenv.lint.settings import Settings

BAD = "FROM debian:latest\nRUN apt-get install -y curl\n"


def _ids(text: str, settings: Settings | None = None) -> list[tuple[str, str, int]]:
    found = lint.lint([parse(text)], settings or Settings(), RULES)
    return [(f.rule, f.severity, f.line) for f in found if f.rule in ("DL3007", "DL3008")]


def test_findings_are_sorted_and_carry_the_rule_severity() -> None:
    assert _ids(BAD) == [("DL3007", "warning", 1), ("DL3008", "warning", 2)]


def test_settings_ignore_and_override() -> None:
    settings = Settings(ignored=frozenset({"DL3007"}), overrides={"DL3008": "error"})
    assert _ids(BAD, settings) == [("DL3008", "error", 2)]


def test_pragmas_can_be_disabled_like_hadolint() -> None:
    text = "# hadolint ignore=DL3007\n" + BAD
    assert [r for r, _, _ in _ids(text)] == ["DL3008"]
    assert [r for r, _, _ in _ids(text, Settings(pragmas=False))] == ["DL3007", "DL3008"]


def test_a_pragma_covers_every_line_of_its_instruction() -> None:
    text = "FROM debian:12\n# devenv ignore=DL3008\nRUN apt-get update && \\\n  apt-get install x\n"
    assert _ids(text) == []


def test_a_parse_error_reaches_only_dl1000() -> None:
    found = lint.lint([parse("FROM debian:latest\nENV A\n")], Settings())
    assert [(f.rule, f.line) for f in found] == [("DL1000", 2)]


def test_threshold() -> None:
    assert Settings().fails("warning")
    assert not Settings().fails("info")
    assert Settings(threshold="style").fails("style")
    assert not Settings(threshold=None).fails("error")


def test_fixable_means_the_fix_changes_that_finding() -> None:
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl=1\nRUN apt-get update\n"
    found = [f for f in lint.lint([parse(text)], Settings()) if f.rule == "DV101"]
    assert [(f.line, f.fixable) for f in found] == [(2, True), (4, False)]


def test_fix_loop_settles_and_is_idempotent() -> None:
    text = (
        "FROM debian:12\nRUN apt-get update\n# tools\nRUN apt-get install -y curl=1 && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
    )
    fixed = lint.fix(parse(text), Settings())
    assert fixed.text == (
        "FROM debian:12\n# tools\nRUN apt-get update && apt-get install -y curl=1 && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
    )
    assert lint.fix(fixed, Settings()).text == fixed.text


def test_ignored_findings_are_not_fixed() -> None:
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl=1\n"
    assert lint.fix(parse(text), Settings(ignored=frozenset({"DV101", "DL3059"}))).text == text


def test_opt_in_rules_run_only_when_an_override_names_them() -> None:
    # hadolint ships DL1001 and DL3057 at severity `ignore` (issue 15).
    text = "# hadolint ignore=DL3008\nFROM debian:12\nRUN apt-get install -y curl\n"

    def found(settings: Settings) -> list[tuple[str, str, int]]:
        out = lint.lint([parse(text)], settings, RULES)
        return [(f.rule, f.severity, f.line) for f in out if f.rule in ("DL1001", "DL3057")]

    assert found(Settings()) == []
    on = Settings(overrides={"DL1001": "warning", "DL3057": "info"})
    assert found(on) == [("DL1001", "warning", 1), ("DL3057", "info", 2)]


def test_label_rules_read_the_schema_from_the_options() -> None:
    text = "FROM debian:12\nLABEL maintainer=nobody team=x\n"
    settings = Settings(label_schema={"maintainer": "email", "vendor": "text"}, strict_labels=True)
    df = parse(text)._replace(options=settings.rule_options())
    found = [(f.rule, f.line, f.column) for f in lint.lint([df], settings, RULES)]
    assert ("DL3049", 1, 1) in found  # vendor is missing
    assert ("DL3058", 2, 7) in found  # not an address
    assert ("DL3050", 2, 25) in found  # team is not in the schema
    assert not [f for f in lint.lint([parse(text)], Settings(), RULES) if f[0] == "DL3049"]
