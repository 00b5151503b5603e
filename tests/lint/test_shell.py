"""RUN commands through tree-sitter-bash: operators, quotes, continuations, heredocs."""

from __future__ import annotations

from devenv.lint.dockerfile import parse, shell_commands, shell_script
from devenv.lint.shell import ShellCommand


def _commands(text: str, index: int = 1) -> tuple[ShellCommand, ...]:
    return shell_commands(parse(text).instructions[index])


def test_operators_and_positions_are_real() -> None:
    cmds = _commands("FROM a\nRUN apt-get update && apt-get install -y curl; cd /x | tee y\n")
    assert [(c.name, c.line, c.column) for c in cmds] == [
        ("apt-get", 2, 5),
        ("apt-get", 2, 23),
        ("cd", 2, 48),
        ("tee", 2, 56),
    ]
    assert [(c.before, c.after) for c in cmds] == [
        ("", "&&"),
        ("&&", ";"),
        (";", "|"),
        ("|", ""),
    ]


def test_quotes_are_removed_and_escapes_read() -> None:
    (cmd,) = _commands("FROM a\nRUN echo \"a b\" 'c d' e\\ f $'g' \"x\"y\n")
    assert cmd.args == ("a b", "c d", "e f", "g", "xy")


def test_continuations_comments_and_blank_lines_inside_a_run() -> None:
    text = "FROM a\nRUN apt-get install \\\n  # the tools\n\n    curl \\\n    git\n"
    (cmd,) = _commands(text)
    assert cmd.args == ("install", "curl", "git")
    assert cmd.arg_positions[1:] == ((5, 5), (6, 5))


def test_flags_and_keyword_are_blanked_keeping_columns() -> None:
    (cmd,) = _commands("FROM a\nRUN --mount=type=cache,target=/root/.cache pip install x\n")
    assert (cmd.name, cmd.line, cmd.column) == ("pip", 2, 44)


def test_heredoc_script_and_heredoc_as_input() -> None:
    df = parse("FROM a\nRUN <<EOF\nset -e\napt-get update\nEOF\nRUN cat <<X > /f && ls\nhi\nX\n")
    assert [(c.name, c.line) for c in shell_commands(df.instructions[1])] == [
        ("set", 3),
        ("apt-get", 4),
    ]
    assert [c.name for c in shell_commands(df.instructions[2])] == ["cat", "ls"]


def test_heredoc_for_another_interpreter_is_not_shell() -> None:
    df = parse("FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n")
    assert shell_commands(df.instructions[1]) == ()


def test_exec_form_is_one_command() -> None:
    (cmd,) = _commands('FROM a\nRUN ["apt-get", "install", "curl"]\n')
    assert (cmd.name, cmd.args, cmd.column) == ("apt-get", ("install", "curl"), 7)


def test_non_posix_shell_is_not_parsed() -> None:
    df = parse('FROM a\nSHELL ["pwsh", "-c"]\nRUN Get-Item x | y\n')
    assert shell_commands(df.instructions[2]) == ()


def test_nested_commands_have_depth_and_pipes_are_seen() -> None:
    df = parse("FROM a\nRUN echo $(date) | (cd /x && ls)\n")
    script = shell_script(df.instructions[1])
    assert [(c.name, c.depth) for c in script.commands] == [
        ("echo", 0),
        ("date", 1),
        ("cd", 1),
        ("ls", 1),
    ]
    assert script.has_pipe
    assert not shell_script(parse("FROM a\nRUN a || b\n").instructions[1]).has_pipe


def test_flag_helpers_follow_hadolint() -> None:
    (cmd,) = _commands("FROM a\nRUN apt-get -yq --no-install-recommends -t sid install a b=1\n")
    assert cmd.flags == ("y", "q", "no-install-recommends", "t")
    assert cmd.has_flag("y")
    assert cmd.has_flag("no-install-recommends")
    assert not cmd.has_flag("assume-yes")
    assert cmd.args_no_flags(value_flags=("t",)) == ("install", "a", "b=1")
    assert cmd.is_("apt-get", "install")
    assert not cmd.is_("apt-get", "remove")


def test_unicode_columns_are_characters() -> None:
    cmds = _commands("FROM a\nRUN echo héllo && ls\n")
    assert (cmds[1].name, cmds[1].column) == ("ls", 19)


def test_parse_once_per_instruction() -> None:
    instr = parse("FROM a\nRUN ls\n").instructions[1]
    assert shell_script(instr) is shell_script(instr)


def test_bare_assignments_and_comments_are_recorded() -> None:
    df = parse("FROM a\nRUN A=1; echo $A # note\n")
    types = shell_script(df.instructions[1]).statement_types
    assert {"variable_assignment", "comment"} <= types
