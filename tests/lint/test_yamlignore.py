"""`# devenv ignore=ID` in Compose files and devenv.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from devenv.lint.yamlignore import ignores
from tests.lint.rules.stacks import config_positions

TEXT = """\
services:
  web:  # devenv ignore=DV204
    image: nginx
    # devenv ignore=DV209, DV210
    ports:
    - 8080:80
    - 9090:90
    environment: {A: 1}
  db:
    image: postgres  # devenv ignore=dv202
    volumes: [x:/y]
"""


def test_a_comment_covers_its_key_and_what_is_nested_under_it() -> None:
    found = ignores(TEXT)
    assert found[2] == found[3] == {"DV204"}
    # web's comment covers all of web; the one above ports adds to it there
    assert found[5] == found[6] == found[7] == {"DV204", "DV209", "DV210"}
    assert found[8] == {"DV204"}
    assert 9 not in found
    assert found[10] == {"DV202"}
    assert 11 not in found


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("    ports: ['0.0.0.0:9090:90']\n", [(5, 12)]),
        ("    ports: ['0.0.0.0:9090:90']  # devenv ignore=DV209\n", []),
        ("    # devenv ignore=DV209\n    ports: ['0.0.0.0:9090:90']\n", []),
        ("    # devenv ignore=DV204\n    ports: ['0.0.0.0:9090:90']\n", [(6, 12)]),
        ("    ports:  # devenv ignore=DV209\n      - '0.0.0.0:9090:90'\n", []),
    ],
)
def test_in_devenv_yaml(tmp_path: Path, config: str, expected: list[tuple[int, int]]) -> None:
    base = "project: p\nservices:\n  web:\n    image: nginx:1.27\n"
    found = config_positions(tmp_path, "DV209", base + config)
    assert [(line, 12) for line, _ in found] == expected
