from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from devenv.errors import DevenvError
from devenv.prod import registry
from devenv.prod.registry import Ref, parse_ref

DIGEST = "sha256:" + "c" * 64


@pytest.mark.parametrize(
    ("ref", "parsed"),
    [
        ("127.0.0.1:5000/hello/web:v1", Ref("127.0.0.1:5000", "hello/web", "v1", None)),
        ("localhost/a:1", Ref("localhost", "a", "1", None)),
        ("reg.example.com/a/b", Ref("reg.example.com", "a/b", "latest", None)),
        ("nginx:1.27", Ref("docker.io", "library/nginx", "1.27", None)),
        ("bitnami/redis:7", Ref("docker.io", "bitnami/redis", "7", None)),
        (f"r:5000/a:1@{DIGEST}", Ref("r:5000", "a", "1", DIGEST)),
        ("r:5000/a", Ref("r:5000", "a", "latest", None)),
    ],
)
def test_parse_ref(ref: str, parsed: Ref) -> None:
    assert parse_ref(ref) == parsed


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/v2/app/web/manifests/v1" and "manifest.v2" in self.headers["Accept"]:
            self.send_response(200)
            self.send_header("Docker-Content-Digest", DIGEST)
        else:
            self.send_response(404)
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/v2/" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_registry() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_manifest_digest_reads_the_header(fake_registry: str) -> None:
    assert registry.manifest_digest(f"{fake_registry}/app/web:v1") == DIGEST
    assert registry.ping(fake_registry) == (
        f"{fake_registry} answers (v2 API) over plain HTTP "
        "(127.0.0.1 is in the engine's insecure range 127.0.0.0/8)"
    )


def test_missing_manifest_says_the_push_did_not_land(fake_registry: str) -> None:
    with pytest.raises(DevenvError, match="no manifest for app/web:v2 \\(HTTP 404\\)"):
        registry.manifest_digest(f"{fake_registry}/app/web:v2")


def test_unreachable_registry_is_a_failed_check() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DevenvError, match=f"registry 127.0.0.1:{port} does not answer") as err:
        registry.ping(f"127.0.0.1:{port}", timeout=2)
    assert err.value.exit_code == 1


INFO = {
    "RegistryConfig": {
        "InsecureRegistryCIDRs": ["127.0.0.0/8", "10.9.0.0/16"],
        "IndexConfigs": {
            "docker.io": {"Name": "docker.io", "Secure": True, "Official": True},
            "10.213.13.2:5000": {"Name": "10.213.13.2:5000", "Secure": False},
        },
        "Mirrors": ["https://mirror.example/"],
    }
}
ENGINE = registry.EngineRegistries.from_info(INFO)


def test_engine_settings_are_read_from_docker_info() -> None:
    want = registry.EngineRegistries(
        ("127.0.0.0/8", "10.9.0.0/16"),
        frozenset({"10.213.13.2:5000"}),
        ("https://mirror.example/",),
    )
    assert want == ENGINE
    assert registry.EngineRegistries.from_info({}) == registry.EngineRegistries((), frozenset())


@pytest.mark.parametrize(
    ("name", "insecure", "why"),
    [
        ("10.213.13.2:5000", True, "the engine lists it as an insecure registry"),
        ("10.213.13.2:5001", False, "not an insecure registry of the engine"),
        ("10.9.3.4:443", True, "10.9.3.4 is in the engine's insecure range 10.9.0.0/16"),
        ("10.10.3.4", False, "not an insecure registry of the engine"),
        ("127.0.0.1:5000", True, "127.0.0.1 is in the engine's insecure range 127.0.0.0/8"),
        ("localhost:5000", True, "127.0.0.1 is in the engine's insecure range 127.0.0.0/8"),
        ("[::1]:5000", False, "not an insecure registry of the engine"),
        ("reg.invalid:5000", False, "not an insecure registry of the engine"),
        ("docker.io", False, "not an insecure registry of the engine"),
    ],
)
def test_transport_follows_the_engine(name: str, insecure: bool, why: str) -> None:
    assert registry.transport(name, ENGINE) == registry.Transport(insecure, why)


def test_a_plain_http_registry_listed_insecure_by_name_is_reached_after_tls_fails(
    fake_registry: str,
) -> None:
    # No insecure range: only the name makes it insecure, as --insecure-registry HOST:PORT does.
    named = registry.EngineRegistries((), frozenset({fake_registry}))
    said = registry.ping(fake_registry, engine=named)
    assert said == (
        f"{fake_registry} answers (v2 API) over plain HTTP "
        "(the engine lists it as an insecure registry)"
    )
    assert registry.manifest_digest(f"{fake_registry}/app/web:v1", engine=named) == DIGEST


def test_a_plain_http_registry_the_engine_takes_as_secure_fails_saying_so(
    fake_registry: str,
) -> None:
    secure = registry.EngineRegistries((), frozenset())
    with pytest.raises(DevenvError) as err:
        registry.ping(fake_registry, engine=secure)
    assert "tried HTTPS: not an insecure registry of the engine" in err.value.message
    assert "WRONG_VERSION_NUMBER" in err.value.message
    assert "insecure-registries" in err.value.message
