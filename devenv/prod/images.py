"""Production images: build each service's production target, push it, pin it by digest.

The digest comes from the registry, not from the local engine: the push result names it,
and a `HEAD` on the manifest reads it back, so the stack pins what the nodes will pull.
Third-party `image:` references are resolved through their registry by the engine
(`/distribution/<ref>/json`), which uses the credentials it already has.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devenv.config import ProjectConfig
from devenv.errors import EXIT_FAILED, DevenvError
from devenv.prod import registry
from devenv.render import prod_image

if TYPE_CHECKING:
    from docker import DockerClient

Say = Callable[[str], None]


def build(api: DockerClient, cfg: ProjectConfig, name: str, ref: str) -> None:
    """Build the service's production stage (`build.target`) as `ref`."""
    from docker.errors import DockerException

    spec = cfg.services[name].build
    assert spec is not None
    context = (cfg.root / spec.context).resolve()
    try:
        stream = api.api.build(
            path=str(context),
            dockerfile=spec.dockerfile,
            target=spec.target,
            tag=ref,
            buildargs=dict(spec.args) or None,
            rm=True,
            decode=True,
        )
        log = _drain(stream, "stream")
    except DockerException as exc:
        raise DevenvError(f"build of {name} failed: {exc}", exit_code=EXIT_FAILED) from None
    if log.error:
        tail = "".join(log.lines[-10:]).rstrip()
        raise DevenvError(f"build of {name} failed: {log.error}\n{tail}", exit_code=EXIT_FAILED)


def push(api: DockerClient, ref: str, engine: registry.EngineRegistries | None = None) -> str:
    """Push `ref`; return the registry's digest for it, read back from the registry."""
    from docker.errors import DockerException

    repo, _, tag = ref.rpartition(":")
    try:
        log = _drain(api.api.push(repo, tag=tag, stream=True, decode=True), "status")
    except DockerException as exc:
        raise DevenvError(f"push of {ref} failed: {exc}", exit_code=EXIT_FAILED) from None
    if log.error:
        raise DevenvError(f"push of {ref} failed: {log.error}", exit_code=EXIT_FAILED)
    stored = registry.manifest_digest(ref, engine=engine or registry.of_engine(api))
    if log.digest and log.digest != stored:
        raise DevenvError(
            f"{ref}: the registry serves {stored}, not the {log.digest} just pushed: "
            "someone pushed the same tag meanwhile; promote again with another --tag",
            exit_code=EXIT_FAILED,
        )
    return stored


def resolve(api: DockerClient, image: str) -> str:
    """The digest a third-party image reference resolves to in its registry."""
    from docker.errors import DockerException

    pinned = registry.parse_ref(image).digest
    if pinned:
        return pinned
    try:
        found = api.api.inspect_distribution(image)
    except DockerException as exc:
        raise DevenvError(
            f"cannot resolve {image} through its registry ({_short(exc)}): make it reachable, "
            f"or pin it in devenv.yaml as {image}@sha256:<digest>",
            exit_code=EXIT_FAILED,
        ) from None
    return str(found["Descriptor"]["digest"])


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.error = ""
        self.digest = ""


def _drain(stream: Iterable[Mapping[str, Any]], key: str) -> _Log:
    log = _Log()
    for chunk in stream:
        if chunk.get("error"):
            log.error = str(chunk["error"]).strip()
        if chunk.get(key):
            log.lines.append(str(chunk[key]))
        aux = chunk.get("aux")
        if isinstance(aux, Mapping) and aux.get("Digest"):
            log.digest = str(aux["Digest"])
    return log


def _short(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


Guard = Callable[[str, str, str], None]


def build_and_pin(
    api: DockerClient,
    cfg: ProjectConfig,
    tag: str,
    say: Say,
    guard: Guard = lambda service, ref, image_id: None,
) -> dict[str, str]:
    """Service -> registry digest, for every service: built ones pushed, others resolved.
    `guard(service, ref, image_id)` is called between a build and its push, and may refuse
    it (devenv.prod.tags.Immutable)."""
    digests: dict[str, str] = {}
    settings = registry.of_engine(api) if any(s.build for s in cfg.services.values()) else None
    for name, svc in cfg.services.items():
        ref = prod_image(cfg, name, tag)
        t0 = time.monotonic()
        if svc.build is not None:
            build(api, cfg, name, ref)
            guard(name, ref, str(api.api.inspect_image(ref)["Id"]))
            digests[name] = push(api, ref, settings)
            say(f"  {name}: built and pushed {ref}@{digests[name]} ({_secs(t0)})")
        else:
            digests[name] = resolve(api, ref)
            say(f"  {name}: {ref} is {digests[name]} ({_secs(t0)})")
    return digests


def _secs(t0: float) -> str:
    return f"{time.monotonic() - t0:.1f}s"


def require_registry(cfg: ProjectConfig) -> str:
    """Built services need `registry:`: every node pulls the images from it."""
    if cfg.registry:
        return cfg.registry
    built = [n for n, s in cfg.services.items() if s.build is not None]
    raise cfg.positions.error(
        ("project",),
        f"promote pushes {', '.join(built)} to a registry the nodes pull from: "
        "add `registry: HOST[:PORT]` to devenv.yaml",
    )


def contexts(cfg: ProjectConfig) -> list[Path]:
    """The folders images are built from (for the clean-tree gate)."""
    built = [s.build for s in cfg.services.values() if s.build is not None]
    return sorted({(cfg.root / b.context).resolve() for b in built})
