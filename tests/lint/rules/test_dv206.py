from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

SERVICES = "services:\n  web:\n    image: nginx:1.27\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("project: p\nntp: {servers: [pool.ntp.org]}\n" + SERVICES, []),
    ("project: p\nntp:\n  servers: ['10.0.0.1:123', 'ntp.internal']\n" + SERVICES, []),
    ("project: p\nntp: {servers: ['${NTP:-127.0.0.1:11123}'], max_offset_ms: 50}\n" + SERVICES, []),
    ("project: p\nntp:\n  servers:\n    - time.example.com\n" + SERVICES, []),
    (SERVICES + "project: p\nntp: {servers: [ntp.internal]}\n", []),
    # must fire
    ("project: p\n" + SERVICES, [(1, 1)]),
    ("project: p\nntp:\n  servers: []\n" + SERVICES, [(3, 3)]),
    ("project: p\nntp: {max_offset_ms: 50}\n" + SERVICES, [(2, 1)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv206(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV206", text) == expected


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("project: p\nlint: {ignore: [DV206]}\n" + SERVICES, []),
        ("project: p\nlint: {ignore: [DV101]}\n" + SERVICES, [(1, 1)]),
    ],
)
def test_dv206_ignored_in_the_config(
    tmp_path: Path, config: str, expected: list[tuple[int, int]]
) -> None:
    assert config_positions(tmp_path, "DV206", config) == expected
