"""The YAML reader keeps positions, resolves merge keys, and refuses what Compose would
misread (a hot loop: devenv/config/yamlload._convert)."""

from __future__ import annotations

import pytest

from devenv.config.yamlload import loads
from devenv.errors import DevenvError


def test_merge_keys_and_a_bare_equals_key() -> None:
    loaded = loads("a: 1\n=: x\nb: &b {c: 2}\nd: {<<: *b, e: 3}\n", "f.yaml")
    assert loaded.data == {"a": 1, "=": "x", "b": {"c": 2}, "d": {"c": 2, "e": 3}}
    assert loaded.dollars is False


def test_positions_of_keys_and_values() -> None:
    loaded = loads("services:\n  web:\n    ports: ['80:80', 81]\n", "f.yaml")
    pos = loaded.positions
    assert pos.key[("services", "web", "ports")] == (3, 5)
    assert pos.value[("services", "web", "ports")] == (3, 12)
    assert pos.value[("services", "web", "ports", 1)] == (3, 22)
    assert loaded.data["services"]["web"]["ports"] == ["80:80", 81]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "f.yaml:2:1: duplicate key 'a'"),
        ("1: x\n", "keys must be strings, got 1"),
        ("[a]: x\n", "keys must be plain strings"),
    ],
)
def test_bad_keys(text: str, message: str) -> None:
    with pytest.raises(DevenvError, match=message):
        loads(text, "f.yaml")


def test_a_dollar_anywhere_is_noted() -> None:
    assert loads("a: ${X}\n", "f.yaml").dollars is True
