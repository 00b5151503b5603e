"""Every labelled Bad/Good example in a rule's docstring is executed: the bad one fires,
the good one is clean. A label names the file the example belongs in:
`Bad (Dockerfile):`, `Good (compose.yaml):` or `Bad (devenv.yaml):`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devenv.lint import runner as lint
from devenv.lint.dockerfile import parse
from devenv.lint.rules import RULES
from devenv.lint.settings import Settings, load_hadolint
from devenv.lint.subjects import stack_from_text
from tests.lint.rules.stacks import config_findings

_EXAMPLE = re.compile(
    r"^(Bad|Good) \((Dockerfile|compose\.yaml|devenv\.yaml)\):\n\n```\w*\n(.*?)^```",
    re.MULTILINE | re.DOTALL,
)
#: A rule that needs settings says so once, before its examples: "With `.hadolint.yaml`:"
#: and a yaml block; every example of the rule runs with those settings.
_SETTINGS = re.compile(r"^With `\.hadolint\.yaml`:\n\n```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
#: The rules whose examples must be labelled (and so executed).
LABELLED = (
    *("DV202", "DV203", "DV204", *(f"DV22{i}" for i in range(7))),
    # issue 15: hadolint's rules added since, labels and their options included
    *("DL1001", "DL3026", *(f"DL30{n}" for n in range(49, 59)), "DL3062", "DL3063"),
    "DV233",  # issue 16: a reload rule no bind mount serves
)

Example = tuple[str, str, str, str]  # rule, Bad/Good, kind, text


def examples(rule_id: str) -> list[Example]:
    doc = RULES[rule_id].__doc__ or ""
    import inspect

    return [(rule_id, m[1], m[2], m[3]) for m in _EXAMPLE.finditer(inspect.cleandoc(doc))]


ALL = [e for rule_id in sorted(RULES) for e in examples(rule_id)]


@pytest.mark.parametrize("rule_id", LABELLED)
def test_these_rules_label_a_bad_and_a_good_example(rule_id: str) -> None:
    kinds = {(e[1]) for e in examples(rule_id)}
    assert kinds == {"Bad", "Good"}, "label each as `Bad (compose.yaml):` and so on"


def _findings(tmp_path: Path, rule_id: str, kind: str, text: str) -> list[str]:
    rule = RULES[rule_id]
    if kind == "devenv.yaml":
        found = config_findings(tmp_path, rule_id, text)
        return [f"{f.line}:{f.column} {f.message}" for f in found]
    if kind == "Dockerfile":
        assert rule.TARGET == "dockerfile", f"{rule_id} does not check Dockerfiles"
        df = parse(text)._replace(options=_settings(tmp_path, rule_id).rule_options())
        found = lint.check(df, [rule])
    else:
        assert rule.TARGET in ("dev", "prod", "stack"), f"{rule_id} does not check stacks"
        env = "dev" if rule.TARGET == "dev" else "prod"
        found = lint.check(stack_from_text(text, env, root=tmp_path), [rule])
    return [f"{f.line}:{f.column} {f.message}" for f in found if f.rule == rule_id]


def _settings(tmp_path: Path, rule_id: str) -> Settings:
    import inspect

    m = _SETTINGS.search(inspect.cleandoc(RULES[rule_id].__doc__ or ""))
    if m is None:
        return Settings()
    path = tmp_path / ".hadolint.yaml"
    path.write_text(m[1])
    return load_hadolint(path, ".hadolint.yaml", Settings())


@pytest.mark.parametrize("example", ALL, ids=[f"{e[0]}-{e[1]}-{e[2]}" for e in ALL])
def test_the_example_does_what_it_says(tmp_path: Path, example: Example) -> None:
    rule_id, verdict, kind, text = example
    found = _findings(tmp_path, rule_id, kind, text)
    if verdict == "Bad":
        assert found, f"{rule_id}'s bad {kind} example does not fire"
    else:
        assert found == [], f"{rule_id}'s good {kind} example fires"
