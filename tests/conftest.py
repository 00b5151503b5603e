from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a devenv.yaml (and any extra files) into tmp_path and return its path."""

    def write(text: str, **files: str) -> Path:
        for name, content in files.items():
            target = tmp_path / name.replace("__", "/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content)
        path = tmp_path / "devenv.yaml"
        path.write_text(text)
        return path

    return write
