"""The one Compose writer: what it quotes, and the `$` escaping that Compose interpolation needs."""

from __future__ import annotations

import pytest
import yaml

from devenv.composefile import dump, dump_escaped, escape


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("nginx:1.27", "nginx:1.27"),
        ("yes", '"yes"'),
        ("a: b", '"a: b"'),
        ("", '""'),
        ("1.0", '"1.0"'),
        ("line\u2028break", '"line\\u2028break"'),
    ],
)
def test_strings_are_plain_only_where_no_reader_could_misread_them(
    value: str, written: str
) -> None:
    assert dump({"k": value}) == f"k: {written}\n"
    assert yaml.safe_load(dump({"k": value})) == {"k": value}


def test_dump_escapes_dollars_and_dump_escaped_does_not_escape_twice() -> None:
    stack = {"services": {"web": {"command": "echo $HOME", "environment": ["A=$B"]}}}
    once = dump(stack)
    assert "echo $$HOME" in once
    assert "A=$$B" in once
    recorded = yaml.safe_load(once)
    assert recorded == escape(stack)
    assert dump_escaped(recorded) == once


def test_nested_lists_and_empty_collections_round_trip() -> None:
    stack = {"a": [[1, 2], {"b": []}, {}], "c": {}, "d": 1.5e-05, "e": None, "f": True}
    assert yaml.safe_load(dump(stack)) == stack
