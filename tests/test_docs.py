"""The generated reference pages are fresh, the guides' links resolve, the hooks are valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devenv import docsgen
from devenv.lint.rules import RULES
from tests.conftest import REPO

DOCS = REPO / "docs"
GUIDES = ["getting-started.md", "concepts.md", "ci.md", "production.md"]


@pytest.mark.parametrize("path", sorted(docsgen.generate(REPO)), ids=lambda p: p.name)
def test_generated_page_is_fresh(path: Path) -> None:
    expected = docsgen.generate(REPO)[path]
    actual = path.read_text(encoding="utf-8") if path.is_file() else ""
    assert actual == expected, (
        f"{path.relative_to(REPO)} is stale: run `python -m devenv.docsgen` and commit it"
    )


def test_check_mode_reports_a_stale_page(tmp_path: Path) -> None:
    assert [p.name for p in docsgen.stale(tmp_path)] == ["config.md", "cli.md", "rules.md"]
    docsgen.write(tmp_path)
    assert docsgen.stale(tmp_path) == []
    (tmp_path / "docs" / "reference" / "cli.md").write_text("edited by hand\n")
    assert [p.name for p in docsgen.stale(tmp_path)] == ["cli.md"]


def test_main_rejects_unknown_arguments() -> None:
    assert docsgen.main(["--bogus"]) == 2


def test_rules_page_has_every_rule() -> None:
    page = docsgen.rules_page()
    for rule_id, rule in RULES.items():
        assert f"\n## {rule_id}\n" in page
        assert f"[{rule_id}](#{rule_id.lower()})" in page
        assert rule.SUMMARY in page


def test_cli_page_has_every_command() -> None:
    import typer.main

    from devenv.cli import app

    page = docsgen.cli_page()
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        assert f"\n## devenv {name}\n" in page
    assert "| `--template`, `-t` | TEXT |" in page


def test_config_page_links_every_section() -> None:
    page = docsgen.config_page()
    anchors = {h.lower() for h in re.findall(r"^## (\w+)", page, re.MULTILINE)}
    links = set(re.findall(r"\]\(#(\w+)\)", page))
    assert {"service", "dev", "prod", "ntp"} <= anchors
    assert links <= anchors
    assert "| `project` | string | yes |" in page


def markdown_files() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), *(REPO / "examples").glob("*/README.md")])


@pytest.mark.parametrize("page", GUIDES)
def test_guides_exist(page: str) -> None:
    assert (DOCS / page).is_file()


@pytest.mark.parametrize("page", markdown_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#")[0]).resolve()
        if not path.exists():
            broken.append(target)
    assert broken == []


def test_pre_commit_hooks_are_valid() -> None:
    from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]

    hooks = {h["id"]: h for h in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"devenv-lint", "devenv-lint-project"}
    assert all(h["entry"] == "devenv lint" and h["language"] == "python" for h in hooks.values())
    assert hooks["devenv-lint-project"]["pass_filenames"] is False
    files = re.compile(hooks["devenv-lint"]["files"])
    for name in [
        "Dockerfile",
        "web/Dockerfile",
        "Dockerfile.dev",
        "api.Dockerfile",
        "Containerfile",
        "devenv.yaml",
        "compose.yaml",
        "deploy/docker-compose.prod.yml",
    ]:
        assert files.search(name), name
    for name in ["Dockerfile.md/x", "README.md", "app.py", "dockerfile-notes.txt", "mydevenv.yaml"]:
        assert not files.search(name), name


def test_getting_started_shows_what_init_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from devenv.commands import init

    monkeypatch.chdir(tmp_path)
    (tmp_path / "package.json").write_text("{}")
    assert init.run(Path("."), template=None) == 0
    guide = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    for line in capsys.readouterr().out.splitlines():
        assert line in guide


def test_ci_guide_uses_the_shipped_hook_pattern() -> None:
    from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]

    pattern = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))[0]["files"]
    assert f"files: '{pattern}'" in (DOCS / "ci.md").read_text(encoding="utf-8")
