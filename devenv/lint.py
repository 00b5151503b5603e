"""The lint runner: run the rules that fit each subject and drop what pragmas silence."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from devenv.dockerfile import Dockerfile, parse_file
from devenv.finding import Finding, Target
from devenv.rules import Rule
from devenv.subjects import Project, Stack

if TYPE_CHECKING:
    from devenv.config import ProjectConfig

Subject = Dockerfile | Stack | Project


def target_of(subject: Subject) -> Target:
    if isinstance(subject, Dockerfile):
        return "dockerfile"
    if isinstance(subject, Stack):
        return subject.env
    return "config"


def check(subject: Subject, rules: Iterable[Rule]) -> list[Finding]:
    """Findings of `rules` on `subject`, sorted, without those an ignore comment silences.

    A Dockerfile that did not parse gets only DL1000: the other rules would see nothing.
    """
    target = target_of(subject)
    selected = [r for r in rules if target == r.TARGET]
    if isinstance(subject, Dockerfile) and subject.parse_error is not None:
        selected = [r for r in selected if r.ID == "DL1000"]
    found: list[Finding] = []
    for rule in selected:
        for finding in rule.check(subject):
            if not (isinstance(subject, Dockerfile) and silenced(subject, finding, rule)):
                found.append(finding)
    return sorted(found, key=Finding.sort_key)


def silenced(df: Dockerfile, finding: Finding, rule: Rule | None = None) -> bool:
    """`# devenv ignore=ID` / `# hadolint ignore=ID` above the finding's instruction, or a
    `global ignore` anywhere in the file; the hadolint id of a devenv rule works too."""
    ids = {finding.rule}
    if rule is not None and rule.HADOLINT:
        ids.add(rule.HADOLINT)
    if ids & df.global_ignores:
        return True
    instr = df.instruction_at(finding.line)
    return instr is not None and bool(ids & df.ignores.get(instr.line, frozenset()))


def display(path: Path) -> str:
    """A path as the user reads it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def project(cfg: ProjectConfig) -> Project:
    """The config with each Dockerfile its services build, parsed once each."""
    parsed: dict[Path, Dockerfile] = {}
    dockerfiles: dict[str, Dockerfile] = {}
    for name, svc in cfg.services.items():
        if svc.build is None:
            continue
        path = (cfg.root / svc.build.context / svc.build.dockerfile).resolve()
        if path not in parsed:
            if not path.is_file():
                raise cfg.positions.error(
                    ("services", name, "build"), f"no Dockerfile at {display(path)}"
                )
            parsed[path] = parse_file(path, display(path))
        dockerfiles[name] = parsed[path]
    return Project(display(cfg.path), cfg, dockerfiles)
