"""`devenv init`'s engine: render a template, detect a project's language, write files safely.

A template is a folder under `templates/` (the package `devenv.templates`): every file in
it is a Jinja2 template named `<output path>.j2`, with `dot-` standing for a
leading `.` (packaging tools skip dotfiles).
Rendering is pure (`render_template` returns the files as text); `write_files` is the only
part that touches the disk, and it checks every file before it writes any (issue 7).
"""

from __future__ import annotations

import fnmatch
import re
import secrets
import stat
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from devenv.errors import DevenvError
from devenv.fsutil import atomic_write

#: Template name -> one line for listings and the docs.
TEMPLATES: dict[str, str] = {
    "python": "Flask app served by gunicorn; Flask's reloader in dev",
    "node": "Node.js HTTP server installed with `npm ci`; `node --watch` in dev",
    "java": "Servlet app built by Maven into a WAR, run on Tomcat",
    "rails": "Ruby on Rails with bundler; assets precompiled in the build stage",
    "dotnet": "ASP.NET Core minimal API: .NET SDK build stage, ASP.NET runtime stage",
    "aspnet-mssql": "ASP.NET Core app + SQL Server: SA password a secret, data on a volume",
    "static": "A static site served by busybox httpd (builds offline)",
}

#: Files a template owns: an existing one is never replaced without --force. Any other file of
#: a template is the sample app, written only where the folder has no file of that name (it is
#: the user's own app when they adopt devenv in an existing project).
INFRA_PATTERNS = ("devenv.yaml", "Dockerfile", "*/Dockerfile", ".dockerignore", "*/.dockerignore")

_PROJECT = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SUFFIX = ".j2"
_DOT = "dot-"


class Detection(NamedTuple):
    """A template proposed for a folder, and the file that gave it away."""

    template: str
    evidence: str


@dataclass(frozen=True)
class RenderedFile:
    path: PurePosixPath
    text: str
    executable: bool = False

    @property
    def infra(self) -> bool:
        return any(fnmatch.fnmatchcase(str(self.path), p) for p in INFRA_PATTERNS)


class WriteResult(NamedTuple):
    written: list[PurePosixPath]
    kept: list[PurePosixPath]


def project_name(folder: Path) -> str:
    """A valid project name from a folder name: `My App` -> `my-app`."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", folder.resolve().name.lower()).strip("-_")
    return slug if slug and _PROJECT.match(slug) else "app"


def check_project_name(name: str) -> str:
    if not _PROJECT.match(name):
        raise DevenvError(
            f"--name {name!r}: a project name is lowercase letters, digits, '-' and '_', "
            f"starting with a letter or digit (e.g. {_suggest(name)!r})"
        )
    return name


def _suggest(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_") or "app"


def _root(template: str) -> Traversable:
    if template not in TEMPLATES:
        import difflib

        close = difflib.get_close_matches(template, TEMPLATES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise DevenvError(
            f"unknown template {template!r}{hint} (templates: {', '.join(TEMPLATES)})"
        )
    return resources.files("devenv.templates").joinpath(template)


def _walk(node: Traversable, prefix: PurePosixPath) -> Iterable[tuple[PurePosixPath, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.is_dir():
            yield from _walk(child, prefix / child.name)
        elif child.name.endswith(_SUFFIX):
            yield prefix / child.name, child


def _output_path(source: PurePosixPath) -> PurePosixPath:
    parts = [p.removesuffix(_SUFFIX) for p in source.parts]
    return PurePosixPath(*(("." + p[len(_DOT) :]) if p.startswith(_DOT) else p for p in parts))


def _is_executable(node: Traversable) -> bool:
    try:
        return bool(Path(str(node)).stat().st_mode & stat.S_IXUSR)
    except OSError:
        return False


def context(template: str, project: str) -> dict[str, str]:
    """The variables templates see; secrets are fresh random values on every run."""
    return {
        "project": project,
        "template": template,
        # SQL Server wants upper and lower case letters, digits and a symbol.
        "dev_db_password": "Dev-" + _random(20) + "-9a",
    }


def _random(length: int) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def render_template(template: str, variables: Mapping[str, str]) -> list[RenderedFile]:
    """All files of `template`, rendered with `variables`, in a stable order."""
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    out = []
    for source, node in _walk(_root(template), PurePosixPath()):
        text = env.from_string(node.read_text(encoding="utf-8")).render(**variables)
        out.append(RenderedFile(_output_path(source), text, _is_executable(node)))
    return out


def conflicts(dest: Path, files: Iterable[RenderedFile]) -> list[PurePosixPath]:
    """Files a template owns that already exist in `dest`."""
    return [f.path for f in files if f.infra and (dest / f.path).exists()]


def write_files(dest: Path, files: list[RenderedFile], *, force: bool) -> WriteResult:
    """Write `files` under `dest`; refuse (writing nothing) if one would replace a file."""
    taken = conflicts(dest, files)
    if taken and not force:
        names = ", ".join(str(p) for p in taken)
        raise DevenvError(
            f"{dest}: {names} already exist{'s' if len(taken) == 1 else ''}; "
            "devenv init never overwrites a file: move it away, or give --force to replace it"
        )
    written, kept = [], []
    for f in files:
        target = dest / f.path
        if target.exists() and not force:
            kept.append(f.path)
            continue
        if target.is_dir():
            raise DevenvError(f"{target}: is a folder, where the template writes a file")
        atomic_write(target, f.text, mode=0o755 if f.executable else None)
        written.append(f.path)
    return WriteResult(written, kept)


# Which files give a language away, most specific first: a Rails app with a package.json for
# its assets is a Rails app; a Maven project with a package.json for its front end, Java.
_DETECT: tuple[tuple[str, str], ...] = (
    ("*.csproj", "dotnet"),
    ("pom.xml", "java"),
    ("Gemfile", "rails"),
    ("package.json", "node"),
    ("pyproject.toml", "python"),
    ("requirements.txt", "python"),
    ("index.html", "static"),
)
_SQLSERVER = re.compile(
    r"Microsoft\.Data\.SqlClient|EntityFrameworkCore\.SqlServer|System\.Data\.SqlClient"
)


def detect(folder: Path) -> list[Detection]:
    """Templates that fit the files in `folder` (top level only), best first."""
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    found: list[Detection] = []
    for pattern, template in _DETECT:
        match = next((n for n in names if fnmatch.fnmatchcase(n, pattern)), None)
        if match is None or any(d.template == template for d in found):
            continue
        if template == "dotnet" and _uses_sql_server(folder / match):
            template = "aspnet-mssql"
        found.append(Detection(template, match))
    return found


def _uses_sql_server(csproj: Path) -> bool:
    try:
        return bool(_SQLSERVER.search(csproj.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False
