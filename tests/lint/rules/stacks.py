"""Lint one rule on a devenv.yaml: the config itself, or a stack rendered from it.

`check_rule` in conftest.py reads a "dev"/"prod" rule's input as a hand-written Compose
file; stack rules must also report at the devenv.yaml line when the stack is rendered,
and honour the `lint: {ignore: [...]}` section, so their tests use `config_positions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from devenv import render
from devenv.config import load_config
from devenv.lint import runner as lint
from devenv.lint import settings as lintconfig
from devenv.lint.finding import Finding
from devenv.lint.rules import RULES
from devenv.lint.subjects import Project, Stack

DIGEST = "sha256:" + "0" * 64


def config_findings(
    root: Path,
    rule_id: str,
    text: str,
    *,
    files: Mapping[str, str] | None = None,
    promoted: bool = False,
) -> list[Finding]:
    """Findings of one rule on `text` (a devenv.yaml written in `root`), after the
    config's `lint:` ignores; a promoted prod stack has every built image's digest.
    A "dockerfile" rule runs on the Dockerfiles the config builds, with the config."""
    project = load_project(root, text, files)
    cfg = project.config
    rule = RULES[rule_id]
    subjects: list[lint.Subject] = [project]
    positions = {**cfg.positions.value, **cfg.positions.key}
    if rule.TARGET == "dockerfile":
        subjects = list({id(df): df for df in project.dockerfiles.values()}.values())
    elif rule.TARGET == "dev":
        stack = render.render_dev(cfg, cfg.root)
        subjects = [Stack(project.path, "dev", stack, positions, cfg, rendered=True)]
    elif rule.TARGET in ("prod", "stack"):
        digests = {n: DIGEST for n, s in cfg.services.items() if s.build} if promoted else None
        stack = render.render_prod(cfg, cfg.root, "lint", digests)
        subjects = [
            Stack(
                project.path,
                "prod",
                stack,
                positions,
                cfg,
                rendered=True,
                promoted=promoted,
                dockerfiles=project.dockerfiles,
            )
        ]
    settings = lintconfig.from_project(cfg, lintconfig.Settings())
    return lint.lint(subjects, settings, {rule_id: rule})


def load_project(root: Path, text: str, files: Mapping[str, str] | None = None) -> Project:
    for name, content in (files or {}).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    path = root / "devenv.yaml"
    path.write_text(text)
    return lint.project(load_config(path, env={}))


def config_positions(
    root: Path,
    rule_id: str,
    text: str,
    *,
    files: Mapping[str, str] | None = None,
    promoted: bool = False,
) -> list[tuple[int, int]]:
    found = config_findings(root, rule_id, text, files=files, promoted=promoted)
    return [(f.line, f.column) for f in found]
