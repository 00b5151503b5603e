"""The registry HTTP API (distribution v2), for what the engine does not tell us.

Three calls: `GET /v2/` to know the registry answers before anything is built,
`HEAD /v2/<name>/manifests/<tag>` to read back the digest the registry stores for a tag
we pushed (`Docker-Content-Digest`), and `GET` of a manifest to learn which image a tag or
digest names before a push would move the tag (`manifest`; issue 14, item 8).

The transport follows the engine's own registry settings (`docker info`: RegistryConfig),
since it is the engine that pushes and its nodes that pull (issue 13, item 6): a registry the
engine takes as insecure (listed by name, or at an address in an insecure CIDR; 127.0.0.0/8
by default) is tried over HTTPS without verification and then over plain HTTP, as the engine
does; any other over verified HTTPS. `ping` says which was used and why.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv.errors import EXIT_FAILED, DevenvError

if TYPE_CHECKING:
    from docker import DockerClient

MANIFEST_TYPES = ", ".join(
    (
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    )
)
DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
MANIFEST_LIMIT = 4 * 1024 * 1024  # the registry's own limit for a manifest


class Manifest(NamedTuple):
    digest: str
    #: The image's config digest (its image ID), None for an index of several images.
    config: str | None


class Ref(NamedTuple):
    registry: str
    name: str
    tag: str
    digest: str | None


def parse_ref(ref: str) -> Ref:
    """`host:port/a/b:tag@sha256:...` -> its parts; Docker Hub when the first part is no host."""
    rest, _, digest = ref.partition("@")
    first, slash, remainder = rest.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, path = first, remainder
    else:
        registry, path = "docker.io", rest if slash else f"library/{rest}"
    name, colon, tag = path.rpartition(":")
    if not colon or "/" in tag:
        name, tag = path, "latest"
    return Ref(registry, name, tag, digest or None)


class EngineRegistries(NamedTuple):
    """The registry settings of the engine that pushes, as `docker info` reports them."""

    insecure_cidrs: tuple[str, ...] = ("127.0.0.0/8",)  # the engine's default
    insecure_names: frozenset[str] = frozenset()
    mirrors: tuple[str, ...] = ()

    @classmethod
    def from_info(cls, info: Mapping[str, Any]) -> EngineRegistries:
        conf = info.get("RegistryConfig") or {}
        indexes = conf.get("IndexConfigs") or {}
        return cls(
            tuple(conf.get("InsecureRegistryCIDRs") or ()),
            frozenset(name for name, ix in indexes.items() if not ix.get("Secure", True)),
            tuple(conf.get("Mirrors") or ()),
        )


class Transport(NamedTuple):
    insecure: bool
    why: str


def _split(registry: str) -> tuple[str, int | None]:
    host, _, port = registry.rpartition(":") if not registry.endswith("]") else (registry, "", "")
    if not host or not port.isdigit():
        host, port = registry, ""
    return host, int(port) if port else None


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    bare = host.strip("[]")
    try:
        return [ipaddress.ip_address(bare)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(bare, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []  # the engine, too, takes a name it cannot resolve as secure
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def transport(registry: str, engine: EngineRegistries) -> Transport:
    """Whether the engine speaks to `registry` as an insecure one, and why (its own rule)."""
    if registry in engine.insecure_names:
        return Transport(True, "the engine lists it as an insecure registry")
    for address in _addresses(_split(registry)[0]):
        for cidr in engine.insecure_cidrs:
            if address in ipaddress.ip_network(cidr, strict=False):
                return Transport(True, f"{address} is in the engine's insecure range {cidr}")
    return Transport(False, "not an insecure registry of the engine")


def of_engine(api: DockerClient) -> EngineRegistries:
    """The settings of the engine behind a docker SDK client."""
    return EngineRegistries.from_info(api.info())


def _connect(registry: str, scheme: str, timeout: float) -> http.client.HTTPConnection:
    host, port = _split(registry)
    if scheme == "http":
        return http.client.HTTPConnection(host, port, timeout=timeout)
    context = ssl.create_default_context()
    if scheme == "https-unverified":
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)


SCHEME_NAMES = {
    "https": "HTTPS",
    "https-unverified": "HTTPS without verification",
    "http": "plain HTTP",
}


def _request(
    registry: str, method: str, path: str, timeout: float, engine: EngineRegistries
) -> tuple[http.client.HTTPResponse, str, bytes]:
    how = transport(registry, engine)
    schemes = ["https-unverified", "http"] if how.insecure else ["https"]
    error: BaseException | None = None
    for scheme in schemes:
        conn = _connect(registry, scheme, timeout)
        try:
            conn.request(method, path, headers={"Accept": MANIFEST_TYPES})
            resp = conn.getresponse()
            return resp, scheme, resp.read(MANIFEST_LIMIT + 1)
        except (OSError, http.client.HTTPException) as exc:
            error = exc
            # Only a TLS failure moves on to plain HTTP: a refused connection refuses both.
            if not isinstance(exc, ssl.SSLError | ConnectionResetError):
                break
        finally:
            conn.close()
    tried = " then ".join(SCHEME_NAMES[s] for s in schemes)
    raise DevenvError(
        f"registry {registry} does not answer ({error or type(error).__name__}; tried {tried}: "
        f"{how.why}): start it, fix `registry:` in devenv.yaml, or list it in the engine's "
        "insecure-registries if it speaks plain HTTP",
        exit_code=EXIT_FAILED,
    ) from None


def ping(registry: str, timeout: float = 5.0, engine: EngineRegistries | None = None) -> str:
    """Check that the registry speaks the v2 API; say over what, following which setting."""
    settings = engine or EngineRegistries()
    resp, scheme, _ = _request(registry, "GET", "/v2/", timeout, settings)
    if resp.status in (200, 401):  # 401: it answers, and wants a login the engine has
        why = transport(registry, settings).why
        return f"{registry} answers (v2 API) over {SCHEME_NAMES[scheme]} ({why})"
    raise DevenvError(
        f"registry {registry} answered HTTP {resp.status} to /v2/: is it a registry?",
        exit_code=EXIT_FAILED,
    )


def manifest_digest(ref: str, timeout: float = 10.0, engine: EngineRegistries | None = None) -> str:
    """The digest the registry serves for `ref`'s tag, read back with HEAD."""
    r = parse_ref(ref)
    path = f"/v2/{r.name}/manifests/{r.tag}"
    resp, _, _ = _request(r.registry, "HEAD", path, timeout, engine or EngineRegistries())
    digest = resp.getheader("Docker-Content-Digest", "")
    if resp.status != 200 or not DIGEST.match(digest):
        raise DevenvError(
            f"registry {r.registry} has no manifest for {r.name}:{r.tag} "
            f"(HTTP {resp.status}): the push did not land",
            exit_code=EXIT_FAILED,
        )
    return digest


def manifest(
    ref: str, timeout: float = 10.0, engine: EngineRegistries | None = None
) -> Manifest | None:
    """What `ref` (a tag, or `name@digest`) names in the registry; None when it names nothing."""
    import json

    r = parse_ref(ref)
    path = f"/v2/{r.name}/manifests/{r.digest or r.tag}"
    resp, _, body = _request(r.registry, "GET", path, timeout, engine or EngineRegistries())
    if resp.status == 404:
        return None
    digest = resp.getheader("Docker-Content-Digest", "") or (r.digest or "")
    if resp.status != 200 or not DIGEST.match(digest) or len(body) > MANIFEST_LIMIT:
        raise DevenvError(
            f"registry {r.registry} answered HTTP {resp.status} for {r.name}:{r.tag}: "
            "cannot tell which image the tag names",
            exit_code=EXIT_FAILED,
        )
    try:
        config = json.loads(body).get("config", {}).get("digest")
    except (ValueError, AttributeError):
        config = None
    return Manifest(digest, config if isinstance(config, str) else None)
