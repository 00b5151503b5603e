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
# Production files longer than this are not checked by `needs_base`: an overlay is a few
# lines, a big file is most likely a stack file, and parsing it costs more CPU (beside two
# Compose processes) than the reading alone it might save. The answer never changes.
CHECKED_SIZE = 32_000


@dataclass
class Started:
    root: Path
    dev_files: list[str]
    dev: source.Reading
    prod_files: list[str]
    alone: source.Reading | None = None  # the production files on their own
    overlay: source.Reading | None = None  # base files + production files

    def stop(self) -> None:
        """End every reading still running (one side failed: the others are not wanted)."""
        for reading in (self.dev, self.alone, self.overlay):
            if reading is not None:
                reading.running.stop()


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
    try:
        started.alone = source.start_config(root, prod, timeout=timeout)
        if needs_base(root, prod):
            started.alone.running.stop()
            started.alone = None
            started.prod_files = [*source.base_files(root, files), *prod]
            started.overlay = source.start_config(root, started.prod_files, timeout=timeout)
    except BaseException:
        started.stop()
        raise
    return started


def finish(started: Started, files: Sequence[str], timeout: float) -> Read:
    """Wait for Compose; a stack file that does not stand alone is read as an overlay.
    Whatever goes wrong, no reading is left running."""
    try:
        return _finish(started, files, timeout)
    finally:
        started.stop()


def _finish(started: Started, files: Sequence[str], timeout: float) -> Read:
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
    image, and nothing (`extends`, `include`, a `<<:` merge) that could give it one.
    Unsure is False: Compose's reading decides. Read as YAML nodes, never constructed
    (a few ms where constructing a big stack file costs a tenth of a second)."""
    try:
        texts = [(root / name).read_text(encoding="utf-8") for name in prod]
    except (OSError, UnicodeDecodeError):
        return False
    if sum(map(len, texts)) > CHECKED_SIZE:
        return False
    import yaml  # imported here: Compose is already running

    has_image: dict[str, bool] = {}
    for text in texts:
        try:
            node = yaml.compose(text, Loader=_loader())
        except yaml.YAMLError:
            return False
        top = _keys(node)
        services = None if top is None else top.get("services")
        if top is None or "include" in top or not isinstance(services, dict) or "<<" in services:
            return False
        for svc_name, svc_node in services.items():
            keys = _keys(svc_node)
            if keys is None or "extends" in keys or "<<" in keys:
                return False
            has_image[svc_name] = has_image.get(svc_name, False) or "image" in keys
    return not all(has_image.values())


def _keys(node: Any) -> dict[str, Any] | None:
    """A mapping node's plain keys and their value nodes (a services mapping: its
    services' too); None for anything else."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    out: dict[str, Any] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            return None
        out[key.value] = value
    services = out.get("services")
    if isinstance(services, yaml.MappingNode):
        out["services"] = {k.value: v for k, v in services.value if isinstance(k, yaml.ScalarNode)}
    return out


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
