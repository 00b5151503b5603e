from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner, Result

from devenv.cli import app, main

if TYPE_CHECKING:
    from tests.fake_ntp import FakeNtpFactory

pytest_plugins = ("tests.fake_ntp",)


def ntp(*args: str) -> Result:
    return CliRunner().invoke(app, ["ntp", "--no-engine", *args])


def test_good_server_passes(fake_ntp: FakeNtpFactory) -> None:
    address = fake_ntp(offset=0.0)
    result = ntp("--server", address)
    assert result.exit_code == 0, result.output
    found = re.match(rf"✓ host  {address}  offset ([+-]\d+\.\d) ms, delay \d", result.output)
    assert found, result.output
    assert abs(float(found[1])) < 20.0  # a loaded machine adds a few ms of scheduling noise
    assert len(result.output.splitlines()) == 1


@pytest.mark.parametrize(
    ("behaviour", "sentence"),
    [
        ({"offset": 2.0}, "host clock is 2000.0 ms behind {a} (max 100 ms)"),
        ({"offset": -2.0}, "host clock is 2000.0 ms ahead of {a} (max 100 ms)"),
        ({"leap": 3}, "{a} reports itself unsynchronised (leap indicator 3): do not follow it"),
        ({"stratum": 16}, "{a} reports itself unsynchronised (stratum 16): do not follow it"),
        (
            {"stratum": 0, "ref_id": int.from_bytes(b"DENY", "big")},
            "{a} reports itself unsynchronised (stratum 0, kiss code DENY): do not follow it",
        ),
        ({"version": 7}, "{a} answered with NTP version 7, not 3 or 4"),
        ({"version": 0}, "{a} answered with NTP version 0, not 3 or 4"),
        ({"mode": 3}, "{a} answered in NTP mode 3, not as a server (mode 4)"),
        ({"truncate": 47}, "{a} sent a truncated packet (47 bytes, NTP needs 48)"),
        ({"truncate": 4}, "{a} sent a truncated packet (4 bytes, NTP needs 48)"),
        ({"echo": False}, "{a} answered some other request (its origin timestamp is not ours)"),
        ({"silent": True}, "no answer from {a} within 0.5 s"),
    ],
)
def test_faults_exit_1_with_their_sentence(
    fake_ntp: FakeNtpFactory, behaviour: dict[str, object], sentence: str
) -> None:
    address = fake_ntp(**behaviour)
    result = ntp("--server", address, "--timeout", "0.5")
    assert result.exit_code == 1, result.output
    # the measured offset is within 20 ms of the injected one, not always to the decimal
    expected = re.escape(sentence.format(a=address)).replace(r"2000\.0", r"(?P<ms>\d+\.\d)")
    found = re.search(expected, result.output)
    assert found, result.output
    if "ms" in found.groupdict():
        assert abs(float(found["ms"]) - 2000.0) <= 20.0
    assert "Traceback" not in result.output


@pytest.mark.parametrize("offset", [2.0, -2.0, 0.05])
def test_reported_offset_is_within_20_ms_of_injected(
    fake_ntp: FakeNtpFactory, offset: float
) -> None:
    result = ntp("--server", fake_ntp(offset=offset), "--max-offset-ms", "30", "--format", "json")
    assert result.exit_code == 1, result.output
    [check] = json.loads(result.output)["checks"]
    assert abs(check["offset_ms"] - offset * 1000) < 20
    assert check["ok"] is False


def test_50_ms_passes_the_default_threshold(fake_ntp: FakeNtpFactory) -> None:
    assert ntp("--server", fake_ntp(offset=0.05)).exit_code == 0


def test_servers_that_disagree_fail(fake_ntp: FakeNtpFactory) -> None:
    a, b = fake_ntp(offset=0.0), fake_ntp(offset=0.05)
    result = ntp("--server", a, "--server", b, "--max-offset-ms", "30")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("✓ host")
    assert lines[1].startswith("✗ host")
    assert f"{a} and {b} disagree by " in lines[2]
    assert "ms (max 30 ms): every host must follow one time source" in lines[2]


def test_servers_that_agree_pass(fake_ntp: FakeNtpFactory) -> None:
    a, b = fake_ntp(offset=0.0), fake_ntp(offset=0.02)
    result = ntp("--server", a, "--server", b)
    assert result.exit_code == 0, result.output
    assert "servers agree within " in result.output.splitlines()[2]


def test_json_has_exactly_the_issue_keys(fake_ntp: FakeNtpFactory) -> None:
    address = fake_ntp(offset=0.0, stratum=3)
    result = ntp("--server", address, "--format", "json")
    out = json.loads(result.output)
    assert set(out) == {"ok", "max_offset_ms", "checks"}
    assert out["ok"] is True
    assert out["max_offset_ms"] == 100
    [check] = out["checks"]
    # Issue 5's keys, and issue 13's bound_ms (set on node checks).
    keys = {"target", "server", "offset_ms", "bound_ms", "delay_ms", "stratum", "ok", "error"}
    assert set(check) == keys
    assert check["bound_ms"] is None
    assert (check["target"], check["server"], check["stratum"]) == ("host", address, 3)
    assert check["error"] is None


def test_failure_in_json(fake_ntp: FakeNtpFactory) -> None:
    address = fake_ntp(silent=True)
    result = ntp("--server", address, "--format", "json", "--timeout", "0.3")
    assert result.exit_code == 1
    [check] = json.loads(result.output)["checks"]
    assert check == {
        "target": "host",
        "server": address,
        "offset_ms": None,
        "bound_ms": None,
        "delay_ms": None,
        "stratum": None,
        "ok": False,
        "error": f"no answer from {address} within 0.3 s",
    }


def test_one_silent_server_costs_one_timeout_not_more(fake_ntp: FakeNtpFactory) -> None:
    servers = [fake_ntp(silent=True), fake_ntp(silent=True), fake_ntp()]
    start = time.monotonic()
    result = ntp(*[arg for s in servers for arg in ("--server", s)], "--timeout", "1")
    elapsed = time.monotonic() - start
    assert result.exit_code == 1
    assert 0.95 < elapsed < 1.6, elapsed


def test_unreachable_engine_fails_in_one_line(
    fake_ntp: FakeNtpFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no.sock")
    result = CliRunner().invoke(app, ["ntp", "--server", fake_ntp(), "--timeout", "2"])
    assert result.exit_code == 1
    engine_line = result.output.splitlines()[1]
    assert engine_line.startswith("✗ engine ")
    assert (
        f"cannot read the clock of the Docker engine at unix://{tmp_path}/no.sock: " in engine_line
    )
    assert "nothing answers there: No such file or directory" in engine_line


# --- config and bad input ---------------------------------------------------------------------

CONFIG = "project: app\nservices:\n  web: {{image: 'nginx:1.27.2'}}\n{ntp}"


def test_servers_and_threshold_from_config(
    fake_ntp: FakeNtpFactory, write_config: Callable[..., Path]
) -> None:
    address = fake_ntp(offset=0.05)
    path = write_config(CONFIG.format(ntp=f"ntp: {{servers: ['{address}'], max_offset_ms: 30}}\n"))
    result = ntp("-c", str(path), "--format", "json")
    assert result.exit_code == 1
    out = json.loads(result.output)
    assert out["max_offset_ms"] == 30
    assert out["checks"][0]["server"] == address


def test_max_offset_option_beats_config(
    fake_ntp: FakeNtpFactory, write_config: Callable[..., Path]
) -> None:
    address = fake_ntp(offset=0.05)
    path = write_config(CONFIG.format(ntp=f"ntp: {{servers: ['{address}'], max_offset_ms: 30}}\n"))
    assert ntp("-c", str(path), "--max-offset-ms", "80").exit_code == 0


def test_bad_server_in_config_is_positioned(write_config: Callable[..., Path]) -> None:
    path = write_config(CONFIG.format(ntp="ntp:\n  servers:\n    - ok.example\n    - 'a b'\n"))
    result = ntp("-c", str(path))
    assert result.exit_code == 2
    assert "devenv.yaml:7:7: ntp.servers[1]: 'a b' is not HOST or HOST:PORT" in result.output


def test_config_without_servers(write_config: Callable[..., Path]) -> None:
    result = ntp("-c", str(write_config(CONFIG.format(ntp=""))))
    assert result.exit_code == 2
    assert "no NTP servers to check: give --server HOST[:PORT] or set ntp.servers in " in (
        result.output
    )


def test_no_config_and_no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ntp()
    assert result.exit_code == 2
    assert "no NTP servers to check: give --server HOST[:PORT]" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--server", "bad host"], "--server 'bad host' is not HOST or HOST:PORT"),
        (["--server", "h:99999"], "--server 'h:99999': port 99999 is not between 1 and 65535"),
        (["--server", "h", "--timeout", "0"], "--timeout 0: give a number of seconds above 0"),
        (["--server", "h", "--max-offset-ms", "-1"], "--max-offset-ms -1: give a number above 0"),
        (["--server", "h", "--format", "xml"], "--format 'xml': expected 'text' or 'json'"),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str) -> None:
    result = ntp(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_main_returns_the_exit_code(
    fake_ntp: FakeNtpFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ntp", "--no-engine", "--server", fake_ntp(offset=2.0)]) == 1
    assert "behind" in capsys.readouterr().out


def test_config_name_matches_the_config_module() -> None:
    from devenv.commands import ntp as cmd
    from devenv.config import schema as config

    assert cmd.CONFIG_NAME == config.CONFIG_NAME


def test_unknown_context_is_bad_input() -> None:
    result = CliRunner().invoke(app, ["ntp", "--server", "127.0.0.1:1", "--context", "nosuch"])
    assert result.exit_code == 2
    assert "--context nosuch: no such docker context" in result.output
