"""The two sides of a project, read by Compose at once, each in its own process.

`start` launches the readings and returns at once, so that the caller does its own work
(importing the converter) while Compose reads: on a 200-service project Compose is most
of an import. The production files are first read on their own (a Swarm stack file
stands alone); when their own text shows they cannot (a service names no image), the
overlay reading on the base files starts at once instead of after a failed attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devenv.errors import DevenvError
from devenv.migrate import dockercli, source

Doc = dict[str, Any]


@dataclass
class Started:
    root: Path
    dev_files: list[str]
    dev: source.Reading
    prod_files: list[str]
    alone: source.Reading | None = None  # the production files on their own
    overlay: source.Reading | None = None  # base files + production files


@dataclass
class Read:
    dev: Doc
    prod: Doc | None
    prod_form: str  # "stack", "overlay" or "none"
    prod_files: list[str]


def start(root: Path, files: Sequence[str], prod: Sequence[str], timeout: float) -> Started:
    dev_files = source.dev_files(root, files)
    started = Started(
        root, dev_files, source.start_config(root, dev_files, timeout=timeout), list(prod)
    )
    if not prod:
        return started
    started.alone = source.start_config(root, prod, timeout=timeout)
    if needs_base(root, prod):
        started.alone.running.stop()
        started.alone = None
        started.prod_files = [*source.base_files(root, files), *prod]
        started.overlay = source.start_config(root, started.prod_files, timeout=timeout)
    return started


def finish(started: Started, files: Sequence[str], timeout: float) -> Read:
    """Wait for Compose; a stack file that does not stand alone is read as an overlay."""
    dev = started.dev.doc()
    if started.alone is None and started.overlay is None:
        return Read(dev, None, "none", [])
    if started.alone is not None:
        prod = _standing(started.alone)
        if prod is not None:
            return Read(dev, prod, "stack", started.prod_files)
        started.prod_files = [*source.base_files(started.root, files), *started.prod_files]
        started.overlay = source.start_config(started.root, started.prod_files, timeout=timeout)
    assert started.overlay is not None
    return Read(dev, started.overlay.doc(), "overlay", started.prod_files)


def _standing(reading: source.Reading) -> Doc | None:
    """The production files as a project of their own, if they are one: every service
    names its image (a Swarm stack file). A Compose that hangs is no answer: it stops."""
    try:
        doc = reading.doc()
    except dockercli.CLITimeout:
        raise
    except DevenvError:
        return None
    services = doc.get("services") or {}
    if services and all("image" in s for s in services.values()):
        return doc
    return None


def needs_base(root: Path, prod: Sequence[str]) -> bool:
    """The production files' own text says they cannot stand alone: a service without an
    image, and nothing (`extends`, `include`) that could give it one. Unsure is False:
    Compose's reading decides."""
    import yaml  # imported here: Compose is already running

    services: dict[str, Any] = {}
    for name in prod:
        try:
            doc = yaml.load((root / name).read_text(encoding="utf-8"), Loader=_loader())
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return False
        found = doc.get("services") if isinstance(doc, dict) else None
        if not isinstance(found, dict) or "include" in doc:
            return False
        for svc_name, svc in found.items():
            if not isinstance(svc, dict) or "extends" in svc:
                return False
            services.setdefault(svc_name, {}).update(svc)
    return any("image" not in svc for svc in services.values())


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
