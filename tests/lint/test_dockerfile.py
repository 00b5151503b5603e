"""The Dockerfile model on BuildKit's parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from devenv.errors import DevenvError
from devenv.lint.dockerfile import image_ref, key_values, parse, parse_file, shell_commands


def test_instructions_keep_real_positions_and_source() -> None:
    df = parse("FROM a AS build\n\n  RUN echo a \\\n    b\nCOPY --from=build /x /y\n")
    run, copy = df.instructions[1], df.instructions[2]
    assert (run.cmd, run.line, run.end_line, run.column) == ("RUN", 3, 4, 3)
    assert run.source == ("  RUN echo a \\", "    b")
    assert copy.flag("from") == "build"
    assert copy.flag("chown") is None
    assert copy.position_of("/y") == (5, 22)


def test_stages_resolve_global_args_and_earlier_stages() -> None:
    df = parse(
        "ARG REG=docker.io\nARG TAG=1.2\nARG NONE\n"
        "FROM --platform=linux/arm64 ${REG}/lib/app:${TAG} AS build\n"
        "FROM build AS test\nFROM app:${NONE}\nFROM app:${NONE:-3}\n"
    )
    build, test, unknown, default = df.stages
    assert build.base_image == "docker.io/lib/app:1.2"
    assert build.platform == "linux/arm64"
    assert build.column == 29
    assert build.image == ("docker.io", "lib/app", "1.2", "")
    assert (test.parent, test.name) == (0, "test")
    assert unknown.base_image == "app:${NONE}"
    assert default.base_image == "app:3"
    assert df.final_stage == default
    assert [i.cmd for i in df.stage_instructions(build)] == ["FROM"]


def test_instructions_know_their_stage_and_shell() -> None:
    df = parse(
        'ARG X=1\nFROM a AS one\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN x\n'
        "FROM one\nRUN y\nFROM b\nRUN z\n"
    )
    assert [i.stage for i in df.instructions] == [-1, 0, 0, 0, 1, 1, 2, 2]
    assert df.instructions[5].shell == ("/bin/bash", "-o", "pipefail", "-c")
    assert df.instructions[7].shell == ("/bin/sh", "-c")


def test_pragmas_apply_to_the_next_instruction_and_globally() -> None:
    df = parse(
        "# hadolint global ignore=DL3006\nFROM a\n# hadolint ignore=DL3008, DL3015\n"
        "# devenv ignore=dv101\nRUN x\nRUN y\n"
    )
    assert df.global_ignores == {"DL3006"}
    assert df.ignores == {5: {"DL3008", "DL3015", "DV101"}}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("FROM a\nENV A\n", 2, "ENV must have two arguments"),
        ("FROM a\nRUN <<EOF\nx\n", 2, "unterminated heredoc"),
        ("FROM a\nBOGUS x\n", 2, "unknown instruction: BOGUS"),
        ("", 1, "file with no instructions"),
    ],
)
def test_a_parse_error_is_data_at_its_line(text: str, line: int, message: str) -> None:
    df = parse(text)
    assert df.parse_error is not None
    assert (df.parse_error.line, df.parse_error.message) == (line, message)
    assert df.instructions == ()


def test_heredoc_followed_by_an_instruction_parses() -> None:
    df = parse("FROM a\nRUN <<EOF\necho hi\nEOF\nRUN echo next\n")
    assert df.parse_error is None
    assert [(i.cmd, i.line) for i in df.instructions] == [("FROM", 1), ("RUN", 2), ("RUN", 5)]


def test_key_values_and_image_refs() -> None:
    df = parse('FROM a\nENV A=1 B="x y"\nARG C D=2\nLABEL k=v\n')
    assert key_values(df.instructions[1]) == (("A", "1"), ("B", "x y"))
    assert key_values(df.instructions[2]) == (("C", None), ("D", "2"))
    assert image_ref("localhost:5000/a/b:1@sha256:x") == ("localhost:5000", "a/b", "1", "sha256:x")
    assert image_ref("nginx") == ("", "nginx", "", "")


def test_crlf_and_bom() -> None:
    df = parse("\ufeffFROM a\r\nRUN x\r\n")
    assert df.lines == ("FROM a", "RUN x")
    assert df.instructions[1].source == ("RUN x",)


def test_parse_file_errors_are_devenv_errors(tmp_path: Path) -> None:
    with pytest.raises(DevenvError, match="cannot read"):
        parse_file(tmp_path / "missing")
    bad = tmp_path / "Dockerfile"
    bad.write_bytes(b"FROM a\nRUN \xff\n")
    with pytest.raises(DevenvError, match="Dockerfile:2:1: not UTF-8"):
        parse_file(bad)


def test_onbuild_trigger_flags_are_read_and_never_a_program() -> None:
    # BuildKit's parser drops the flags of `ONBUILD RUN --mount=...` (issue 15): read back,
    # they reach the mount-aware rules and stay out of the shell the rules read.
    df = parse(
        "FROM debian:12\n"
        "ONBUILD RUN --mount=type=cache,target=/var/cache/apt \\\n"
        "    --network=none apt-get update\n"
        "ONBUILD COPY --from=build /a /b\n"
        "ONBUILD RUN echo --mount=x\n"
    )
    run, copy, echo = df.instructions[1:]
    assert run.flags == ("--mount=type=cache,target=/var/cache/apt", "--network=none")
    (cmd,) = shell_commands(run)
    assert (cmd.name, cmd.args, cmd.env) == ("apt-get", ("update",), ())
    assert (cmd.line, cmd.column) == (3, 20)
    assert copy.flag("from") == "build"
    assert echo.flags == ()
    assert [c.args for c in shell_commands(echo)] == [("--mount=x",)]


def test_an_onbuild_heredoc_is_read_as_its_script() -> None:
    # BuildKit's parser keeps no heredoc for a trigger: the body is read from the lines.
    df = parse("FROM debian:12\nONBUILD RUN <<EOF\nset -e\napt-get update\nEOF\nRUN true\n")
    names = [(c.name, c.line, c.column) for c in shell_commands(df.instructions[1])]
    assert names == [("set", 3, 1), ("apt-get", 4, 1)]
