"""`devenv import`: read a Compose project as Compose does, write devenv.yaml, summarise.

The one entry point is `import_project(options)`; the command only parses arguments.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from devenv import CONFIG_NAME
from devenv.errors import DevenvError, check_seconds
from devenv.fsutil import atomic_write, display
from devenv.migrate import dockercli, output, source
from devenv.migrate.convert import Doc, Result
from devenv.migrate.project import convert


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


def read_sides(opts: ImportOptions) -> tuple[Doc, Doc | None, Imported]:
    root = opts.root.absolute()
    dev_files = source.dev_files(root, opts.files)
    info = Imported(opts.output or root / CONFIG_NAME, Result({}), dev_files)
    if not opts.prod:
        return source.config(root, dev_files, timeout=opts.timeout), None, info
    # Compose reads each side in its own process: both at once. The production files are
    # first read on their own: a stack file stands alone, an overlay needs the base files.
    with ThreadPoolExecutor(max_workers=2) as pool:
        dev = pool.submit(source.config, root, dev_files, timeout=opts.timeout)
        alone = pool.submit(_alone, root, opts.prod, opts.timeout)
        prod = alone.result()
        if prod is not None:
            info.prod_form, info.prod_files = "stack", list(opts.prod)
        else:
            info.prod_form = "overlay"
            info.prod_files = [*source.base_files(root, opts.files), *opts.prod]
            prod = source.config(root, info.prod_files, timeout=opts.timeout)
        return dev.result(), prod, info


def _alone(root: Path, files: tuple[str, ...], timeout: float) -> Doc | None:
    """The production files as a project of their own, if they are one: every service
    names its image (a Swarm stack file). A Compose that hangs is no answer: it stops."""
    try:
        doc = source.config(root, files, timeout=timeout)
    except dockercli.CLITimeout:
        raise
    except DevenvError:
        return None
    services = doc.get("services") or {}
    if services and all("image" in s for s in services.values()):
        return doc
    return None


def import_project(opts: ImportOptions) -> Imported:
    check_seconds("--timeout", opts.timeout)
    target = opts.output or opts.root / CONFIG_NAME
    if target.exists() and not opts.force:
        raise DevenvError(f"{display(target)} exists: give --force to replace it")
    dev, prod, info = read_sides(opts)
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
