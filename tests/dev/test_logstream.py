from __future__ import annotations

import io

import pytest
from rich.console import Console

from devenv.dev.logstream import Output, split_lines


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
