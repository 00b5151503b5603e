"""The walls between devenv's wings (issue 10), read from the source with ast.

A wing is a folder under devenv/ for one product or concern. What each may import is
written in its README.md; this test is what keeps it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "devenv"
WINGS = ("config", "dev", "lint", "prod", "clock", "migrate")
# wing -> the other wings it must not import
FORBIDDEN: dict[str, frozenset[str]] = {
    "config": frozenset(WINGS) - {"config"},
    "clock": frozenset(WINGS) - {"clock"},
    "dev": frozenset({"prod", "lint"}),
    "lint": frozenset({"dev", "prod"}),
    "prod": frozenset({"dev"}),
    "migrate": frozenset({"dev", "prod"}),
}
NEVER = ("devenv.commands", "devenv.cli")


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """Every module named by an import in `source` (relative ones made absolute)."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.rsplit(".", node.level)[0]
                base = f"{parent}.{base}" if base else parent
            out.append((node.lineno, base))
            out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return out


def violations(rel: Path, source: str) -> list[str]:
    """What the module at `rel` (relative to the repository) imports across its walls."""
    module = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
    parts = module.split(".")
    wing = parts[1] if len(parts) > 1 else None
    if wing not in WINGS:
        return []
    found = []
    for line, name in imported_modules(source, module):
        if name.startswith(NEVER):
            found.append(
                f"{rel}:{line}: the {wing} wing imports {name} (wings never call commands)"
            )
        target = name.split(".")
        if len(target) > 1 and target[0] == "devenv" and target[1] in FORBIDDEN[wing]:
            found.append(
                f"{rel}:{line}: the {wing} wing imports {name} (see devenv/{wing}/README.md)"
            )
    return found


def test_no_wing_crosses_its_walls() -> None:
    found = [
        v
        for path in sorted(PACKAGE.rglob("*.py"))
        for v in violations(path.relative_to(PACKAGE.parent), path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    ("wing", "line", "fires"),
    [
        ("dev", "from devenv.prod import swarm", True),
        ("dev", "from devenv.lint.finding import Finding", True),
        ("lint", "import devenv.dev.plan", True),
        ("config", "from devenv.clock import wire", True),
        ("clock", "from devenv.config import ProjectConfig", True),
        ("prod", "from devenv.commands import ntp", True),
        ("lint", "from devenv.cli import app", True),
        ("prod", "from devenv.lint import runner", False),
        ("prod", "from devenv.clock import report", False),
        ("dev", "from devenv import engine, render", False),
        ("clock", "from devenv.errors import DevenvError", False),
        ("lint", "from .rules import RULES", False),
    ],
)
def test_the_wall_check_itself(wing: str, line: str, fires: bool) -> None:
    # The check, run on a module that would sit in the wing.
    probe = Path("devenv", wing, "probe.py")
    assert bool(violations(probe, f"from __future__ import annotations\n{line}\n")) is fires


def test_every_wing_says_what_it_may_import() -> None:
    for wing in WINGS:
        readme = PACKAGE / wing / "README.md"
        assert readme.is_file(), f"write devenv/{wing}/README.md"
        assert "may import" in readme.read_text().lower()
