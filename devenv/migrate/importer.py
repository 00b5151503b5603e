"""`devenv import`: read a Compose project as Compose does, write devenv.yaml, summarise.

The one entry point is `import_project(options)`; the command only parses arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from devenv import CONFIG_NAME
from devenv.errors import DevenvError, check_seconds
from devenv.fsutil import atomic_write, display
from devenv.migrate import dockercli, output, sides
from devenv.migrate.convert import Doc, Result


@dataclass(frozen=True)
class ImportOptions:
    root: Path
    files: tuple[str, ...] = ()
    prod: tuple[str, ...] = ()
    output: Path | None = None
    force: bool = False
    timeout: float = dockercli.DEFAULT_TIMEOUT  # for each `docker compose config`


@dataclass
class Imported:
    path: Path
    result: Result
    dev_files: list[str] = field(default_factory=list)
    prod_files: list[str] = field(default_factory=list)
    prod_form: str = "none"  # "stack", "overlay" or "none"
    compose_project: str = ""  # the dev side's project name, as Compose read it


def read_sides(opts: ImportOptions) -> tuple[Doc, Doc | None, Imported]:
    started = sides.start(opts.root.absolute(), opts.files, opts.prod, opts.timeout)
    return _finish(opts, started)


def _finish(opts: ImportOptions, started: sides.Started) -> tuple[Doc, Doc | None, Imported]:
    read = sides.finish(started, opts.files, opts.timeout)
    info = Imported(opts.output or started.root / CONFIG_NAME, Result({}), started.dev_files)
    info.prod_form, info.prod_files = read.prod_form, read.prod_files
    info.compose_project = str(read.dev.get("name") or "")
    return read.dev, read.prod, info


def import_project(opts: ImportOptions) -> Imported:
    check_seconds("--timeout", opts.timeout)
    target = opts.output or opts.root / CONFIG_NAME
    if target.exists() and not opts.force:
        raise DevenvError(f"{display(target)} exists: give --force to replace it")
    # Compose reads both sides from here on, while this process imports the converter
    started = sides.start(opts.root.absolute(), opts.files, opts.prod, opts.timeout)
    from devenv.migrate.project import convert

    dev, prod, info = _finish(opts, started)
    info.result = convert(opts.root.absolute(), dev, prod, overlay=info.prod_form == "overlay")
    described = " + ".join(info.dev_files)
    if info.prod_files:
        described += f" (prod: {' + '.join(info.prod_files[-len(opts.prod) :])})"
    atomic_write(target, output.text(info.result.config, described))
    info.path = target
    return info


def summary(info: Imported) -> list[str]:
    cfg = info.result.config
    services = cfg.get("services", {})
    lines = [
        f"imported {len(services)} services from {' + '.join(info.dev_files)}"
        + (
            f", prod from {'a stack file' if info.prod_form == 'stack' else 'an overlay'}"
            if info.prod_form != "none"
            else ""
        )
        + f" into {display(info.path)}",
    ]
    for name, svc in services.items():
        parts = [k for k in svc if k not in ("dev", "prod")]
        dev, prod = svc.get("dev", {}), svc.get("prod", {})
        where = f"  {name}: {', '.join(parts) or '-'}"
        if dev:
            where += f"; dev: {', '.join(dev)}"
        if prod:
            where += f"; prod: {', '.join(prod)}"
        lines.append(where)
    decisions = [n for n in info.result.notes if n.decision]
    if decisions:
        lines.append("to review:")
        lines += [f"  {n.service + ': ' if n.service else ''}{n.what}" for n in decisions]
    if info.prod_form == "none":
        lines.append("no production file given: prod is devenv's own transform of the project")
    if info.result.secrets:
        lines.append(
            "secret-looking values carried as they are (devenv lint DV203 flags them in prod: "
            "move each to prod.secrets and read the file):"
        )
        lines += [f"  {svc}: {var}" for svc, var in info.result.secrets]
    return lines
