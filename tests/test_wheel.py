"""The built wheel works outside the checkout: `templates/` (the top of the repository) is
shipped inside it as `devenv.templates`, and `devenv init` finds it there (issue 10)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PIP = (sys.executable, "-m", "pip", "-q", "--disable-pip-version-check")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        check=True,
        cwd=out,
    )
    (built,) = out.glob("devenv_docker-*.whl")
    return built


def test_the_wheel_carries_every_package_and_the_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {
        str(p.parent.relative_to(REPO / "devenv").as_posix())
        for p in (REPO / "devenv").rglob("__init__.py")
    }
    for package in packages:
        prefix = "devenv/" if package == "." else f"devenv/{package}/"
        assert f"{prefix}__init__.py" in names, f"add devenv.{package} to pyproject's packages"
    templates = {p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*.j2")}
    assert templates
    assert {f"devenv/{t}" for t in templates} <= names


def test_devenv_init_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    # A fresh venv outside the checkout, holding only the wheel; its dependencies are read
    # from this interpreter's site-packages through a .pth line (no network here), which
    # does not run the editable finder that maps `devenv` to the checkout.
    venv = tmp_path / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    subprocess.run(
        [*PIP, "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
    )
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    python = venv / "bin" / "python"
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [python, "-c", "import devenv.templates as t; print(t.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=work,
        env=env,
    ).stdout
    assert where.startswith(str(site)), where
    proc = subprocess.run(
        [python, "-m", "devenv", "init", "app", "--template", "python", "--name", "wheeled"],
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "project: wheeled" in (work / "app" / "devenv.yaml").read_text()
    assert (work / "app" / "Dockerfile").is_file()
