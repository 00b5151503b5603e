from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from devenv.cli import app
from devenv.clock import report
from devenv.commands import doctor

if TYPE_CHECKING:
    from tests.fake_ntp import FakeNtpFactory

pytest_plugins = ("tests.fake_ntp",)


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    host = f"unix://{tmp_path}/no-engine.sock"
    monkeypatch.setenv("DOCKER_HOST", host)
    return host


def test_unreachable_engine_says_how_to_fix(
    no_engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["doctor", "--timeout", "2"])
    assert result.exit_code == 1
    lines = {line.split()[1]: line for line in result.output.splitlines()}
    assert lines["engine"].startswith("✗ engine ")
    assert f"unreachable at {no_engine}: nothing answers there" in lines["engine"]
    assert lines["engine"].endswith(
        "→ start the Docker engine, or point DOCKER_HOST at one that runs"
    )
    assert lines["swarm"].startswith("✗ swarm ")
    assert lines["registry"].startswith("✓ registry  none configured")
    assert lines["clock"].startswith("✓ clock     not checked: no ntp.servers in devenv.yaml")
    assert set(lines) == {"engine", "swarm", "disk", "docker", "compose", "registry", "clock"}


def test_json_carries_the_clock_report(
    no_engine: str, fake_ntp: FakeNtpFactory, write_config: Callable[..., Path]
) -> None:
    address = fake_ntp(offset=0.0)
    config = write_config(
        "project: app\nservices:\n  web: {image: 'nginx:1.27.2'}\n"
        f"ntp: {{servers: ['{address}']}}\n"
    )
    result = CliRunner().invoke(app, ["doctor", "-c", str(config), "--format", "json"])
    assert result.exit_code == 1  # the engine is unreachable
    out = json.loads(result.output)
    assert set(out) == {"ok", "checks", "clock"}
    by_name = {c["name"]: c for c in out["checks"]}
    assert by_name[f"clock host {address}"]["ok"] is True
    assert by_name[f"clock host {address}"]["fix"] is None
    engine = by_name["clock engine " + address]
    assert engine["ok"] is False
    assert engine["fix"] == doctor._CLOCK_FIX["engine"]
    assert out["clock"]["checks"][0]["server"] == address
    assert set(out["clock"]) == {"ok", "max_offset_ms", "checks"}


def test_bad_input_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["doctor", "--timeout", "-1"])
    assert result.exit_code == 2
    assert "--timeout -1: give a number of seconds above 0" in result.output
    # The same bound as every other --timeout: an infinite one would never give up.
    forever = CliRunner().invoke(app, ["doctor", "--timeout", "inf"])
    assert forever.exit_code == 2
    assert "--timeout inf: give a number of seconds above 0 and at most 86400" in forever.output
    missing = CliRunner().invoke(app, ["doctor", "-c", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2


@pytest.mark.parametrize(
    ("swarm", "ok", "phrase"),
    [
        ({"LocalNodeState": "active", "ControlAvailable": True, "Nodes": 3}, True, "of 3 node(s)"),
        ({"LocalNodeState": "inactive"}, False, "not in a swarm (inactive)"),
        ({"LocalNodeState": "pending"}, False, "not in a swarm (pending)"),
        ({"LocalNodeState": "active", "ControlAvailable": False}, False, "a swarm worker"),
    ],
)
def test_swarm_finding(swarm: dict[str, object], ok: bool, phrase: str) -> None:
    finding = doctor.swarm_finding(swarm)
    assert finding.ok is ok
    assert phrase in finding.detail
    assert (finding.fix is None) is ok


@pytest.mark.parametrize(
    ("registry", "host"),
    [
        ("127.0.0.1:5000", "127.0.0.1:5000"),
        ("127.0.0.1:5000/team", "127.0.0.1:5000"),
        ("registry.example.com/a/b", "registry.example.com"),
        ("localhost/x", "localhost"),
        ("myorg", "registry-1.docker.io"),
        ("myorg/team", "registry-1.docker.io"),
    ],
)
def test_registry_host(registry: str, host: str) -> None:
    assert doctor.registry_host(registry) == host


def _serve(status: int) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def registry_401() -> Iterator[str]:
    yield from _serve(401)


@pytest.fixture
def not_a_registry() -> Iterator[str]:
    yield from _serve(404)


def test_registry_that_wants_a_login_answers(registry_401: str) -> None:
    finding = doctor.registry_finding(f"{registry_401}/team", timeout=2)
    assert finding == doctor.Finding("registry", True, f"{registry_401} answers (http)")


def test_not_a_registry(not_a_registry: str) -> None:
    finding = doctor.registry_finding(not_a_registry, timeout=2)
    assert not finding.ok
    assert finding.detail == f"{not_a_registry} does not answer at /v2/ within 2 s"
    assert (
        finding.fix == f"start the registry at {not_a_registry}, or fix `registry:` in the config"
    )


def test_no_registry_is_fine() -> None:
    assert doctor.registry_finding(None, timeout=1).ok


@pytest.fixture
def fake_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """`fake_docker(script)`: a `docker` on PATH that runs this shell script."""

    def install(script: str) -> None:
        path = tmp_path / "bin" / "docker"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"#!/bin/sh\n{script}\n")
        path.chmod(0o755)
        monkeypatch.setenv("PATH", f"{path.parent}{os.pathsep}/usr/bin:/bin")

    return install


@pytest.mark.parametrize(
    ("script", "ok", "detail"),
    [
        ("echo v2.40.3", True, "Docker Compose 2.40.3"),
        ("echo 2.29.1", True, "Docker Compose 2.29.1"),
        ("echo 1.29.2", False, "Compose 1.29.2 is older than v2"),
        ("echo \"docker: 'compose' is not a docker command.\" >&2; exit 1", False, "not installed"),
    ],
)
def test_compose_finding(
    fake_docker: Callable[[str], None], script: str, ok: bool, detail: str
) -> None:
    fake_docker(script)
    finding = doctor.compose_finding(timeout=5)
    assert finding.ok is ok
    assert detail in finding.detail


def test_compose_hanging_cli_times_out(fake_docker: Callable[[str], None]) -> None:
    fake_docker("exec sleep 10")
    finding = doctor.compose_finding(timeout=0.3)
    assert not finding.ok
    assert "timed out after 0.3 seconds" in finding.detail


def test_no_docker_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert doctor.compose_finding(timeout=1) == doctor.Finding(
        "compose", False, "no `docker` command on PATH", "install the Docker CLI"
    )


def test_disk_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert doctor.disk_finding(tmp_path).ok
    monkeypatch.setattr(doctor, "MIN_FREE_BYTES", 1 << 60)
    low = doctor.disk_finding(tmp_path)
    assert not low.ok
    assert low.fix == "free space: e.g. `docker system prune`"


def test_clock_findings_have_a_fix_per_target(write_config: Callable[..., Path]) -> None:
    from devenv.config import load_config

    cfg = load_config(
        write_config("project: a\nservices: {w: {image: 'x:1'}}\nntp: {servers: [a]}\n")
    )
    result = report.Report(
        100,
        (
            report.Check("host", "a:123", 1.0, 1.0, 2, True, None, "fine"),
            report.Check("engine", "a:123", 500.0, 1.0, None, False, "engine clock is off"),
            report.Check("node:abc", "a:123", None, None, None, False, "no answer"),
        ),
    )
    host, engine, node = doctor.clock_findings(cfg, result)
    assert host == doctor.Finding("clock host a:123", True, "fine", None)
    assert engine.fix == doctor._CLOCK_FIX["engine"]
    assert node.fix == doctor._CLOCK_FIX["node"]


OLD_CLI = """[ "$1" = --version ] && { echo 'Docker version 19.03.15, build 99e3ed8'; exit 0; }
[ "$1 $2" = "compose version" ] && { echo v2.40.3; exit 0; }
exit 1"""
NO_STACK_CLI = """[ "$1" = --version ] && { echo 'Docker version 24.0.7, build afdd53b'; exit 0; }
[ "$1" = stack ] && { echo "docker: 'stack' is not a docker command." >&2; exit 1; }
exit 0"""
GOOD_CLI = """v='Docker version 20.10.24+dfsg1, build 297e128'
[ "$1" = --version ] && { echo "$v"; exit 0; }
[ "$1 $2 $3" = "stack deploy --help" ] && { echo '  -c, --compose-file strings'; exit 0; }
exit 1"""


def cli_stub(tmp_path: Path, script: str) -> str:
    path = tmp_path / "stub" / "docker"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return str(path)


def test_doctor_fails_when_the_cli_is_too_old_to_deploy(
    no_engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub = cli_stub(tmp_path, OLD_CLI)
    monkeypatch.setenv("DEVENV_DOCKER", stub)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["doctor", "--timeout", "2"])
    assert result.exit_code == 1
    lines = {line.split()[1]: line for line in result.output.splitlines()}
    assert lines["docker"].startswith(
        f"✗ docker    the docker CLI {stub} is version 19.03.15; devenv needs 20.10 or later: "
        "`devenv promote` cannot deploy  → install Docker CLI 20.10 or later"
    )


@pytest.mark.parametrize(
    ("script", "ok", "phrase"),
    [
        (OLD_CLI, False, "is version 19.03.15; devenv needs 20.10 or later"),
        (NO_STACK_CLI, False, "has no `docker stack deploy`: `devenv promote` cannot deploy"),
        (
            GOOD_CLI,
            True,
            "Docker CLI 20.10.24+dfsg1 at {stub} (stack deploy without --detach; "
            'prod stacks deployed with version: "3.9")',
        ),
    ],
)
def test_cli_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, ok: bool, phrase: str
) -> None:
    stub = cli_stub(tmp_path, script)
    monkeypatch.setenv("DEVENV_DOCKER", stub)
    finding = doctor.cli_finding(timeout=5)
    assert finding.ok is ok
    assert phrase.format(stub=stub) in finding.detail
    assert (finding.fix is None) is ok
