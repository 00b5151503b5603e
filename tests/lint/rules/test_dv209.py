from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

S = "services:\n  web:\n    image: nginx:1.27\n"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (S + "    ports: ['127.0.0.1:8080:80']\n", []),
    (S + "    ports: ['127.0.0.1::80', '[::1]:8443:443/tcp']\n", []),
    (S + "    ports: ['::1:8080:80']\n", []),
    (S + "    ports:\n      - {target: 80, published: 8080, host_ip: 127.0.0.1}\n", []),
    (S + "    ports: ['${BIND_IP:-127.0.0.1}:8080:80']\n", []),
    (S + "    expose: ['80']\n", []),
    (S, []),
    # must fire
    (S + "    ports: ['8080:80']\n", [(4, 13)]),
    (S + "    ports:\n      - 80\n      - 0.0.0.0:5432:5432/tcp\n", [(5, 9), (6, 9)]),
    (S + "    ports:\n      - target: 80\n        published: 8080\n", [(5, 9)]),
    (S + "    ports: ['127.0.0.1:1:1', '[::]:8443:443']\n", [(4, 30)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv209(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV209", text) == expected


CFG = "project: p\nservices:\n  web:\n    image: nginx:1.27\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CFG + "    ports: ['8080:80', '443']\n", []),
        (CFG + "    ports: ['127.0.0.1:8080:80']\n", []),
        (CFG + "    ports:\n      - '8080:80'\n      - '0.0.0.0:9090:90'\n", [(7, 9)]),
        (CFG + "    ports: ['0.0.0.0:9090:90']\nlint: {ignore: [DV209]}\n", []),
    ],
)
def test_dv209_on_the_config(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    assert config_positions(tmp_path, "DV209", config) == expected
