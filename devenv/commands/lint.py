"""`devenv lint`: check Dockerfiles, the project config and the dev and prod stacks.

With no PATHS: the project's devenv.yaml, every Dockerfile it builds and both stacks
rendered from it. PATHS may be Dockerfiles, hand-written Compose files, folders (searched)
or a devenv.yaml. Exit 0 when nothing reaches the threshold, 1 when something does, 2 on
bad input (issue 3).
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from devenv import CONFIG_NAME
from devenv.errors import EXIT_FAILED, EXIT_OK, DevenvError
from devenv.fsutil import display, resolve

if TYPE_CHECKING:  # annotations only: kept out of the start-up path
    from devenv.lint.dockerfile import Dockerfile
    from devenv.lint.settings import Settings
    from devenv.lint.subjects import Project, Stack

_DOCKERFILE = (
    "Dockerfile",
    "Containerfile",
    "*.Dockerfile",
    "*.dockerfile",
    "Dockerfile.*",
    "Containerfile.*",
)
_NOT_DOCKERFILE = ("*.dockerignore", "*~", "*.swp", "*.orig", "*.rej", "*.md")
_COMPOSE = ("compose*.yml", "compose*.yaml", "docker-compose*.yml", "docker-compose*.yaml")
_CONFIG = ("devenv.yaml", "devenv.yml")
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


class Targets:
    def __init__(self) -> None:
        self.dockerfiles: list[Path] = []
        self.composes: list[Path] = []
        self.configs: list[Path] = []
        self.seen: set[Path] = set()

    def add(self, path: Path, kind: str) -> None:
        bucket = {"dockerfile": self.dockerfiles, "compose": self.composes}.get(kind, self.configs)
        resolved = resolve(path)
        if resolved not in self.seen:
            self.seen.add(resolved)
            bucket.append(path)


def kind_of(path: Path) -> str | None:
    """ "dockerfile", "compose", "config", or None for a file lint does not read."""
    name = path.name

    def matches(patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatchcase(name, p) for p in patterns)

    if matches(_CONFIG):
        return "config"
    if matches(_COMPOSE):
        return "compose"
    if matches(_DOCKERFILE) and not matches(_NOT_DOCKERFILE):
        return "dockerfile"
    return None


def collect(paths: Sequence[Path], config: Path | None) -> Targets:
    targets = Targets()
    if config is not None:
        targets.add(config, "config")
    for path in paths:
        if path.is_dir():
            _search(path, targets)
        elif path.is_file():
            kind = kind_of(path)
            # A file named on the command line is linted whatever its name, as hadolint does.
            targets.add(
                path, kind or ("compose" if path.suffix in (".yml", ".yaml") else "dockerfile")
            )
        else:
            raise DevenvError(f"{path}: no such file or folder")
    if not paths and config is None:
        if Path(CONFIG_NAME).is_file():
            targets.add(Path(CONFIG_NAME), "config")
        else:
            _search(Path("."), targets)
            if not (targets.dockerfiles or targets.composes or targets.configs):
                raise DevenvError(
                    f"nothing to lint: no {CONFIG_NAME}, Dockerfile or compose file here; "
                    "give PATHS or -c FILE"
                )
    return targets


def _search(folder: Path, targets: Targets) -> None:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(files):
            path = Path(root) / name
            kind = kind_of(path)
            if kind is not None:
                targets.add(path, kind)


def run(
    paths: Sequence[Path] = (),
    config: Path | None = None,
    format: str = "text",
    fix: bool = False,
    failure_threshold: str | None = None,
    ignore: Sequence[str] = (),
    env: str = "dev",
) -> int:
    from devenv.lint import formatters
    from devenv.lint import runner as lint
    from devenv.lint.finding import Finding

    formatter = formatters.get(format)
    if env not in ("dev", "prod"):
        raise DevenvError(f"--env {env}: expected dev or prod")
    targets = collect(paths, config)
    projects = [_load_project(p) for p in targets.configs]
    configs = [p.config for p in projects]
    settings = lint.settings_for(configs, [Path.cwd()], ignore, failure_threshold)
    subjects: list[lint.Subject] = []
    files: set[str] = set()
    for dockerfile in _dockerfiles(targets, projects, settings, fix):
        subjects.append(dockerfile)
        files.add(dockerfile.path)
    for proj in projects:
        subjects.extend([proj, *lint.rendered_stacks(proj)])
        files.add(proj.path)
    for compose in targets.composes:
        stack = _load_stack(compose, env)
        subjects.append(stack)
        files.add(stack.path)
    findings = sorted(lint.lint(subjects, settings), key=Finding.sort_key)
    color = format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(formatter.render(findings, files=len(files), color=color))
    sys.stdout.flush()
    return EXIT_FAILED if any(settings.fails(f.severity) for f in findings) else EXIT_OK


def _load_project(path: Path) -> Project:
    from devenv.config import load_config
    from devenv.lint import runner as lint

    return lint.project(load_config(path))


def _dockerfiles(
    targets: Targets, projects: Sequence[Project], settings: Settings, fix: bool
) -> list[Dockerfile]:
    from devenv.fsutil import atomic_write
    from devenv.lint import runner as lint
    from devenv.lint.dockerfile import parse_file

    options = {"trustedRegistries": settings.trusted_registries}
    chosen: dict[Path, Dockerfile] = {}
    for proj in projects:  # with the config as context: they come first
        for df in proj.dockerfiles.values():
            chosen.setdefault(resolve(Path(df.path)), df)
    for path in targets.dockerfiles:
        resolved = resolve(path)
        if resolved not in chosen:
            chosen[resolved] = parse_file(path, display(path))
    out: list[Dockerfile] = []
    for path, df in chosen.items():
        df = df._replace(options=options)
        if fix:
            fixed = lint.fix(df, settings)
            if fixed.text != df.text:
                atomic_write(path, fixed.text)
            df = fixed
        out.append(df)
    return out


def _load_stack(path: Path, env: str) -> Stack:
    from devenv.lint.subjects import load_stack

    return load_stack(path, "prod" if env == "prod" else "dev", display(path))
