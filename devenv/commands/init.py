"""`devenv init [DIR] --template NAME`: start a project from a template.

Without --template, devenv looks at the files already in DIR, prints the template it would
use and the command that uses it, and exits 0 without writing anything; `--yes` takes the
proposal at once. Nothing is ever asked interactively, so the command behaves the same in a
terminal, a script and CI.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from devenv import scaffold
from devenv.errors import DevenvError


def run(
    directory: Path,
    *,
    template: str | None,
    name: str | None = None,
    force: bool = False,
    yes: bool = False,
) -> int:
    if template is None:
        detections = scaffold.detect(directory)
        if not detections:
            raise DevenvError(_no_template(directory))
        if not yes:
            sys.stdout.write(_proposal(directory, detections, name))
            return 0
        template = detections[0].template
    project = scaffold.check_project_name(name) if name else scaffold.project_name(directory)
    files = scaffold.render_template(template, scaffold.context(template, project))
    result = scaffold.write_files(directory, files, force=force)
    sys.stdout.write(_summary(directory, template, project, result))
    return 0


def _command(directory: Path, template: str, name: str | None) -> str:
    words = ["devenv", "init"]
    if directory != Path("."):
        words.append(str(directory))
    words += ["--template", template]
    if name:
        words += ["--name", name]
    return shlex.join(words)


def _proposal(directory: Path, found: list[scaffold.Detection], name: str | None) -> str:
    best = found[0]
    lines = [
        f"{best.evidence} looks like a {best.template} project: "
        f"template {best.template!r} ({scaffold.TEMPLATES[best.template]}).",
        "Nothing was written. To create devenv.yaml, the Dockerfile and .dockerignore "
        "(your own files are kept), run:",
        f"  {_command(directory, best.template, name)}",
    ]
    if len(found) > 1:
        others = ", ".join(f"{d.template} ({d.evidence})" for d in found[1:])
        lines.append(f"Other candidates: {others}.")
    return "\n".join(lines) + "\n"


def _no_template(directory: Path) -> str:
    listing = "\n".join(f"  {n:<13} {d}" for n, d in scaffold.TEMPLATES.items())
    return (
        f"no --template given, and nothing in {directory} shows the language; "
        f"choose a template with --template NAME:\n{listing}"
    )


def _summary(directory: Path, template: str, project: str, result: scaffold.WriteResult) -> str:
    lines = [f"Created project {project!r} from template {template!r} in {directory}:"]
    lines += [f"  {p}" for p in result.written]
    if result.kept:
        lines.append("Kept your existing files (the template's versions were not written):")
        lines += [f"  {p}" for p in result.kept]
    cd = "" if directory == Path(".") else f"cd {shlex.quote(str(directory))} && "
    lines += [
        "Next:",
        f"  {cd}devenv lint     # Dockerfile, config and both stacks",
        f"  {cd}devenv up       # the dev stack, with hot reload",
    ]
    return "\n".join(lines) + "\n"
