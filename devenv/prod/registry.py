"""The registry HTTP API (distribution v2), for what the engine does not tell us.

Only two calls: `GET /v2/` to know the registry answers before anything is built, and
`HEAD /v2/<name>/manifests/<tag>` to read back the digest the registry stores for a tag
we pushed (`Docker-Content-Digest`). Loopback registries are spoken to over plain HTTP,
as the engine does (127.0.0.0/8 is insecure by default); others over HTTPS.
"""

from __future__ import annotations

import http.client
import re
from typing import NamedTuple

from devenv.errors import EXIT_FAILED, DevenvError

MANIFEST_TYPES = ", ".join(
    (
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    )
)
DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


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


def _loopback(registry: str) -> bool:
    host = registry.rsplit(":", 1)[0] if not registry.endswith("]") else registry
    return host in ("localhost", "[::1]") or host.startswith("127.")


def _connect(registry: str, timeout: float) -> http.client.HTTPConnection:
    host, _, port = registry.rpartition(":") if not registry.endswith("]") else (registry, "", "")
    if not host or not port.isdigit():
        host, port = registry, ""
    cls = http.client.HTTPConnection if _loopback(registry) else http.client.HTTPSConnection
    return cls(host, int(port) if port else None, timeout=timeout)


def _request(registry: str, method: str, path: str, timeout: float) -> http.client.HTTPResponse:
    conn = _connect(registry, timeout)
    try:
        conn.request(method, path, headers={"Accept": MANIFEST_TYPES})
        resp = conn.getresponse()
        resp.read()
        return resp
    except (OSError, http.client.HTTPException) as exc:
        raise DevenvError(
            f"registry {registry} does not answer ({exc or type(exc).__name__}): start it, or "
            "fix `registry:` in devenv.yaml",
            exit_code=EXIT_FAILED,
        ) from None
    finally:
        conn.close()


def ping(registry: str, timeout: float = 5.0) -> str:
    """Check that the registry speaks the v2 API; return a one-line description."""
    resp = _request(registry, "GET", "/v2/", timeout)
    if resp.status in (200, 401):  # 401: it answers, and wants a login the engine has
        return f"{registry} answers (v2 API)"
    raise DevenvError(
        f"registry {registry} answered HTTP {resp.status} to /v2/: is it a registry?",
        exit_code=EXIT_FAILED,
    )


def manifest_digest(ref: str, timeout: float = 10.0) -> str:
    """The digest the registry serves for `ref`'s tag, read back with HEAD."""
    r = parse_ref(ref)
    resp = _request(r.registry, "HEAD", f"/v2/{r.name}/manifests/{r.tag}", timeout)
    digest = resp.getheader("Docker-Content-Digest", "")
    if resp.status != 200 or not DIGEST.match(digest):
        raise DevenvError(
            f"registry {r.registry} has no manifest for {r.name}:{r.tag} "
            f"(HTTP {resp.status}): the push did not land",
            exit_code=EXIT_FAILED,
        )
    return digest
