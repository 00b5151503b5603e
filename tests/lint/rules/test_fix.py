"""The safe fixes, called directly: what they change, and what they must leave alone."""

from __future__ import annotations

import pytest

from devenv.lint.dockerfile import parse
from devenv.lint.finding import Finding
from devenv.lint.rules import dl3014, dl3059, dv101


def _at(*lines: int) -> list[Finding]:
    return [Finding("X", "info", "Dockerfile", n, 1, "m") for n in lines]


def _runs(text: str) -> list[Finding]:
    return _at(*[i.line for i in parse(text).instructions if i.cmd == "RUN"])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("FROM a\nRUN apt-get install curl\n", "FROM a\nRUN apt-get install -y curl\n"),
        ('FROM a\nRUN apt-get -q "install" x\n', 'FROM a\nRUN apt-get -q -y "install" x\n'),
        (
            "FROM a\nRUN apt-get update && \\\n    apt-get install x && apt-get install y\n",
            "FROM a\nRUN apt-get update && \\\n    apt-get install -y x && apt-get install -y y\n",
        ),
        ('FROM a\nRUN ["apt-get", "install", "x"]\n', 'FROM a\nRUN ["apt-get", "install", "x"]\n'),
    ],
)
def test_add_yes(before: str, after: str) -> None:
    assert dl3014.fix(parse(before), _at(2)) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "FROM a\nRUN apt-get -qq update\nRUN apt-get install -y x\n",
            "FROM a\nRUN apt-get -qq update && apt-get install -y x\n",
        ),
        (
            "FROM a\nRUN apt update\nENV A=1\nRUN set -e; apt install -y x\n",
            "FROM a\nENV A=1\nRUN set -e; apt update && apt install -y x\n",
        ),
    ],
)
def test_merge_update(before: str, after: str) -> None:
    assert dv101.fix(parse(before), _at(2)) == after


@pytest.mark.parametrize(
    "text",
    [
        "FROM a\nRUN apt-get update\nRUN echo no install here\n",  # next RUN does not install
        "FROM a\nRUN apt-get update && echo x\nRUN apt-get install -y x\n",  # not update alone
        "FROM a\nRUN apt-get update\nFROM a\nRUN apt-get install -y x\n",  # another stage
        "FROM a\nRUN --network=host apt-get update\nRUN apt-get install -y x\n",  # flags differ
        "FROM a\nRUN apt-get update\nRUN false || apt-get install -y x\n",  # would regroup ||
        "FROM a\nRUN apt-get update\nRUN ( apt-get install -y x )\n",  # in a subshell
        "FROM a\nRUN apt-get update\nRUN <<EOF\napt-get install -y x\nEOF\n",  # heredoc
        "FROM a\nRUN apt-get update\nCOPY sources.list /etc/apt/\nRUN apt-get install -y x\n",
        "FROM a\nRUN apt-get update\nVOLUME /var/lib/apt\nRUN apt-get install -y x\n",
        "FROM a\nRUN apt-get update\nRUN echo\nRUN apt-get install -y x\n",
    ],
)
def test_merge_update_leaves_unsafe_cases(text: str) -> None:
    assert dv101.fix(parse(text), _at(2)) == text


def test_merge_runs_keeps_layout_and_comments() -> None:
    text = (
        "FROM a\nRUN apt-get update && \\\n    apt-get install -y x\nRUN echo one;\n\n"
        "# build it\nRUN make \\\n      all\n"
    )
    assert dl3059.fix(parse(text), _runs(text)) == (
        "FROM a\nRUN apt-get update && \\\n    apt-get install -y x && \\\n    echo one && \\\n"
        "    # build it\n    make \\\n      all\n"
    )


@pytest.mark.parametrize(
    "upper",
    [
        "cd /src",
        "export PATH=/x:$PATH",
        "A=1",
        "set -e",
        "test -f x || exit 0",
        "f() { :; }",
        "sleep 10 &",
        "echo hi # a comment",
        "exec sh",
        ". /etc/profile",
    ],
)
def test_merge_runs_refuses_an_upper_run_that_leaks_state(upper: str) -> None:
    text = f"FROM a\nRUN {upper}\nRUN echo next\n"
    assert dl3059.fix(parse(text), _at(3)) == text


@pytest.mark.parametrize(
    "text",
    [
        "FROM a\nRUN echo a\nRUN --mount=type=cache,target=/x echo b\n",
        'FROM a\nRUN ["echo", "a"]\nRUN echo b\n',
        "FROM a\nRUN echo a\n# hadolint ignore=DL3008\nRUN echo b\n",
        "FROM a\nRUN <<EOF\necho a\nEOF\nRUN echo b\n",
        "FROM a\nRUN echo a\nENV X=1\nRUN echo b\n",
    ],
)
def test_merge_runs_refuses_what_is_not_plain_and_adjacent(text: str) -> None:
    last = parse(text).instructions[-1].line
    assert dl3059.fix(parse(text), _at(last)) == text


def test_merge_runs_chains_in_one_call_and_is_idempotent() -> None:
    text = "FROM a\nRUN echo 1\nRUN echo 2\nRUN echo 3\n"
    once = dl3059.fix(parse(text), _runs(text)[1:])
    assert once == "FROM a\nRUN echo 1 && \\\n    echo 2 && \\\n    echo 3\n"
    assert dl3059.fix(parse(once), _runs(once)) == once


def test_crlf_is_kept() -> None:
    text = "FROM a\r\nRUN apt-get install x\r\n"
    assert dl3014.fix(parse(text), _at(2)) == "FROM a\r\nRUN apt-get install -y x\r\n"
