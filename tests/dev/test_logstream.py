from __future__ import annotations

import io

import pytest
from rich.console import Console

from devenv.dev.logstream import Output, compose_log_line, split_lines


@pytest.mark.parametrize(
    ("chunks", "lines"),
    [
        ([], []),
        ([b"a\n"], ["a"]),
        ([b"a\nb", b"c\n", b"d"], ["a", "bc", "d"]),
        ([b"crlf\r\n", b"\n"], ["crlf", ""]),
        ([b"caf\xc3", b"\xa9\n"], ["café"]),
        ([b"bad \xff\n"], ["bad \ufffd"]),
    ],
)
def test_split_lines(chunks: list[bytes], lines: list[str]) -> None:
    assert list(split_lines(chunks)) == lines


def test_lines_are_prefixed_by_service_and_aligned() -> None:
    buf = io.StringIO()
    out = Output(["web", "worker"], Console(file=buf, width=200, color_system=None))
    out.line("web", "GET / 200")
    out.note("web: restart (src/app.py) in 0.41 s")
    out.line("worker", "[markup] is [not] interpreted")
    assert buf.getvalue().splitlines() == [
        "web    | GET / 200",
        "devenv | web: restart (src/app.py) in 0.41 s",
        "worker | [markup] is [not] interpreted",
    ]


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        ("web-1  | hello", ("web", "hello")),
        ("my-api-12 | a | b", ("my-api", "a | b")),  # a name with dashes, a text with bars
        ("web-1  |", ("web", "")),
        ("web-1  |   indented", ("web", "  indented")),
        ("web  | no index", None),
        ("devenv-net-web-1  | x", None),  # a holder: no service of the config
        ("WARN[0000] something", None),
        ("", None),
    ],
)
def test_compose_log_line(line: str, parsed: tuple[str, str] | None) -> None:
    assert compose_log_line(line, ["web", "my-api"]) == parsed
