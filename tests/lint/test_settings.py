"""`.hadolint.yaml` and the `lint:` section: read like hadolint, but errors have positions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.config import load_config
from devenv.errors import DevenvError
from devenv.lint.settings import Settings, from_command_line, from_project, load_hadolint


def _load(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / ".hadolint.yaml"
    path.write_text(text)
    return load_hadolint(path, ".hadolint.yaml", Settings())


def test_hadolint_keys_are_read(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        "ignored: [DL3008, SC2086]\noverride:\n  error: [DL3007]\n  info: [DV101]\n"
        "trustedRegistries: [docker.io]\nfailure-threshold: error\nno-color: true\n"
        "format: json\nlabel-schema: {author: text}\nstrict-labels: false\n",
    )
    assert settings.ignored == {"DL3008", "SC2086"}
    assert settings.overrides == {"DL3007": "error", "DV101": "info"}
    assert settings.trusted_registries == ("docker.io",)
    assert settings.threshold == "error"
    assert settings.pragmas


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("ignored: [DL3008]\nfailure-treshold: error\n", "2:1", "did you mean 'failure-threshold'"),
        ("override:\n  fatal: [DL3008]\n", "2:3", "expected one of error, warning"),
        ("ignored: [DL3008, nope]\n", "1:19", "not a rule id: 'nope'"),
        ("ignored: DL3008\n", "1:10", "expected a list"),
        ("failure-threshold: loud\n", "1:20", "expected one of error"),
        ("no-fail: maybe\n", "1:10", "expected true or false"),
        ("- a\n", "1:1", "expected a mapping"),
        ("ignored: [\n", "2:1", "invalid YAML"),
        ("label-schema:\n  author: name\n", "2:11", "expected one of text, url, email"),
        ("label-schema: [author]\n", "1:15", "expected a mapping of label name to type"),
        ("label-schema:\n  author:\n", "2:10", "expected one of text, url"),
        ("strict-labels: yes please\n", "1:16", "expected true or false"),
    ],
)
def test_a_bad_key_or_value_is_positioned(tmp_path: Path, text: str, where: str, what: str) -> None:
    with pytest.raises(DevenvError) as exc:
        _load(tmp_path, text)
    assert exc.value.message.startswith(f".hadolint.yaml:{where}:")
    assert what in exc.value.message


def test_label_schema_and_strict_labels_reach_the_rules(tmp_path: Path) -> None:
    settings = _load(tmp_path, "label-schema:\n  maintainer: email\n  version: semver\n")
    assert dict(settings.label_schema) == {"maintainer": "email", "version": "semver"}
    assert not settings.strict_labels
    strict = _load(tmp_path, "label-schema: {maintainer: text}\nstrict-labels: true\n")
    options = strict.rule_options()
    assert options["strict-labels"] is True
    assert dict(options["label-schema"]) == {"maintainer": "text"}
    assert options["trustedRegistries"] == ()


def test_label_types_are_the_configs() -> None:
    from typing import get_args

    from devenv.config.schema import LabelType
    from devenv.lint.settings import LABEL_TYPES

    assert set(LABEL_TYPES) == set(get_args(LabelType))


def test_no_fail_and_disabled_pragmas(tmp_path: Path) -> None:
    settings = _load(tmp_path, "no-fail: true\ndisable-ignore-pragma: true\n")
    assert settings.threshold is None
    assert not settings.pragmas
    assert not settings.fails("error")


def test_empty_file_changes_nothing(tmp_path: Path) -> None:
    assert _load(tmp_path, "") == Settings()


def test_lint_section_of_devenv_yaml(write_config: Callable[..., Path]) -> None:
    cfg = load_config(
        write_config(
            "project: p\nservices:\n  web:\n    image: nginx:1\nlint:\n  ignore: [DL3008]\n"
            "  override:\n    error: [DV101]\n  failure_threshold: info\n",
        ),
        env={},
    )
    settings = from_project(cfg, Settings(ignored=frozenset({"DL3007"})))
    assert settings.ignored == {"DL3007", "DL3008"}
    assert settings.overrides == {"DV101": "error"}
    assert settings.threshold == "info"


def test_lint_section_label_schema(write_config: Callable[..., Path]) -> None:
    cfg = load_config(
        write_config(
            "project: p\nservices:\n  web:\n    image: nginx:1\nlint:\n"
            "  label_schema:\n    maintainer: email\n  strict_labels: true\n"
        ),
        env={},
    )
    base = Settings(label_schema={"author": "text"}, strict_labels=False)
    settings = from_project(cfg, base)
    assert dict(settings.label_schema) == {"maintainer": "email"}
    assert settings.strict_labels
    # not written: what .hadolint.yaml said stays
    plain = load_config(write_config("project: p\nservices:\n  web:\n    image: nginx:1\n"), env={})
    assert from_project(plain, base).label_schema == {"author": "text"}


def test_lint_section_bad_label_type_is_positioned(write_config: Callable[..., Path]) -> None:
    with pytest.raises(DevenvError, match=r"devenv.yaml:7:17: lint.label_schema.maintainer: "):
        load_config(
            write_config(
                "project: p\nservices:\n  web:\n    image: nginx:1\nlint:\n"
                "  label_schema:\n    maintainer: mail\n"
            ),
            env={},
        )


def test_lint_section_unknown_devenv_rule_is_positioned(write_config: Callable[..., Path]) -> None:
    cfg = load_config(
        write_config(
            "project: p\nservices:\n  web:\n    image: nginx:1\nlint:\n  ignore: [DV999]\n"
        ),
        env={},
    )
    with pytest.raises(DevenvError, match=r"devenv.yaml:6:12: lint.ignore\[0\]: no devenv rule"):
        from_project(cfg, Settings())


def test_lint_section_misspelt_key_is_positioned(write_config: Callable[..., Path]) -> None:
    with pytest.raises(DevenvError, match=r"devenv.yaml:6:3"):
        load_config(
            write_config(
                "project: p\nservices:\n  web:\n    image: nginx:1\nlint:\n  ignroe: [DL3008]\n"
            ),
            env={},
        )


def test_command_line_wins() -> None:
    settings = from_command_line(Settings(threshold="error"), ["DL3008"], "style")
    assert settings.ignored == {"DL3008"}
    assert settings.threshold == "style"
    assert from_command_line(Settings(), [], "none").threshold is None
    with pytest.raises(DevenvError, match="--ignore bad"):
        from_command_line(Settings(), ["bad"], None)
    with pytest.raises(DevenvError, match="--failure-threshold"):
        from_command_line(Settings(), [], "loud")
