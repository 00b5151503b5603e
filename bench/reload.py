"""Benchmark (issues 4 and 16): from a file write to the new content being served, on the
real engine, devenv against Compose on the same small offline web service (busybox httpd,
`init: true`, no healthcheck). Three scenarios (`--scenario`, default all):

- `restart`: devenv's `restart` rule, the source bind-mounted, against `docker compose
  watch` with `action: sync+restart`. The service copies its content when it starts, so the
  new content is served only once the reload has happened.
- `process-restart`: the same with `dev.process_restart: true`: the service's process is
  started again in its running container (issue 16's stretch, restart p50 <= 0.1 s).
- `sync`: devenv's `sync` rule against `docker compose watch`'s `action: sync`, both into
  the folder httpd serves, nothing mounted.
- `config`: the service writes its page from an environment variable when it starts; the
  edit changes that variable in devenv.yaml while `devenv up` runs, against the same edit of
  compose.yaml followed at once by `docker compose up -d` (Compose's watch does not apply
  edits of its own file).

10 edits each; prints p50 and p90 of both and their ratio. Not a timed test: run it by hand,
`python3 bench/reload.py [--edits N] [--scenario S]`. Needs the engine of `bash
scripts/setup` (DOCKER_HOST) and its busybox image.

`--idle-service` adds a second, idle service to both stacks. When a container is the only
one on its network, stopping it takes the bridge's carrier down and the kernel flushes
the bridge's neighbour (ARP) entries; a request that reaches the port while the container
starts again then waits for the next ARP retry, up to 1 s. A second endpoint on the
network keeps the carrier, and the entries, up: the figures show what that costs.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

IMAGE = "devenv-test/busybox:1.35"
COMMAND = "mkdir -p /www && cp -r /src/. /www/ && exec httpd -f -p 8080 -h /www"
# The page from $TOKEN (`$$`: a literal `$` for the shell, in devenv.yaml as in Compose).
ENV_COMMAND = (
    "mkdir -p /www && printf %s $$TOKEN > /www/index.html && exec httpd -f -p 8080 -h /www"
)
DEVENV_YAML = """\
project: {project}
services:
  web:
    build: {{context: .}}
    command: ["sh", "-c", "{command}"]
    ports: ["{port}:8080"]
    environment: {{TOKEN: "{token}"}}
    dev:
{dev}
"""
DEVENV_DEV = {
    "restart": """\
      mounts: ["./src:/src:ro"]
      reload:
        - paths: ["src/**"]
          action: restart""",
    "process-restart": """\
      mounts: ["./src:/src:ro"]
      process_restart: true
      reload:
        - paths: ["src/**"]
          action: restart""",
    "sync": """\
      reload:
        - paths: ["src/**"]
          action: sync
          source: src
          target: /www""",
    "config": """\
      reload: []""",
}
IDLE_DEVENV = """\
  idle:
    build: {context: .}
    command: ["sleep", "2147483647"]
"""
COMPOSE_YAML = """\
name: {project}
services:
  web:
    build: {{context: .}}
    command: ["sh", "-c", "{command}"]
    ports: ["127.0.0.1:{port}:8080"]
    environment: {{TOKEN: "{token}"}}
    init: true
    stop_grace_period: 1s
{develop}
"""
COMPOSE_DEVELOP = {
    "restart": """\
    develop:
      watch:
        - path: ./src
          target: /src
          action: sync+restart""",
    "process-restart": """\
    develop:
      watch:
        - path: ./src
          target: /src
          action: sync+restart""",
    "sync": """\
    develop:
      watch:
        - path: ./src
          target: /www
          action: sync""",
    "config": "",
}
SCENARIOS = tuple(DEVENV_DEV)
IDLE_COMPOSE = """\
  idle:
    build: {context: .}
    command: ["sleep", "2147483647"]
    init: true
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def body(port: int) -> str:
    # A short timeout: a SYN sent while the engine rewires the port is dropped, and the
    # kernel would retry it only after 1 s, which would measure TCP, not the reload.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=0.2)
    try:
        conn.request("GET", "/")
        return conn.getresponse().read().decode()
    except (OSError, http.client.HTTPException):
        return ""
    finally:
        conn.close()


def wait_for(port: int, token: str, timeout: float = 60.0) -> float:
    deadline = time.monotonic() + timeout
    while token not in body(port):
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: {token!r} not served on port {port} within {timeout} s")
        time.sleep(0.005)
    return time.monotonic()


def edits(port: int, n: int, label: str, change: Callable[[str], None]) -> list[float]:
    """`n` timed edits (after one warm-up): `change(token)` makes the edit."""
    times = []
    for i in range(-1, n):
        time.sleep(0.5)  # let the previous reload settle, as a person editing would
        token = f"{label}-{i}-{time.monotonic_ns()}"
        start = time.monotonic()
        change(token)
        took = wait_for(port, token) - start
        if i >= 0:
            times.append(took)
            print(f"  {label} edit {i + 1}: {took:.3f} s", flush=True)
    return times


def page_edit(folder: Path) -> Callable[[str], None]:
    def change(token: str) -> None:
        (folder / "src" / "index.html").write_text(f"<p>{token}</p>\n")

    return change


def prepare(folder: Path) -> None:
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "index.html").write_text("<p>start</p>\n")
    # Compose syncs into /src, so the image has it; devenv bind-mounts the folder over it.
    (folder / "Dockerfile").write_text(f"FROM {IMAGE}\nCOPY src /src\n")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _command(scenario: str) -> str:
    return ENV_COMMAND if scenario == "config" else COMMAND


def bench_devenv(folder: Path, n: int, idle: bool, scenario: str) -> list[float]:
    port = free_port()
    project = f"bench-devenv-{os.getpid()}-{scenario}"
    prepare(folder)

    def config(token: str) -> str:
        text = DEVENV_YAML.format(
            project=project,
            command=_command(scenario),
            port=port,
            token=token,
            dev=DEVENV_DEV[scenario],
        )
        return text + (IDLE_DEVENV if idle else "")

    def change(token: str) -> None:
        (folder / "devenv.yaml").write_text(config(token))

    change("start")
    log = (folder / "devenv.log").open("wb")
    cmd = [sys.executable, "-m", "devenv", "up"]
    proc = subprocess.Popen(cmd, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(port, "start")
        time.sleep(0.5)  # the watcher starts once the stack serves
        return edits(port, n, "devenv", change if scenario == "config" else page_edit(folder))
    finally:
        stop(proc)
        for cmd in (
            [sys.executable, "-m", "devenv", "down"],
            ["docker", "image", "rm", "-f", f"{project}-dev-web", f"{project}-dev-idle"],
        ):
            subprocess.run(cmd, cwd=folder, capture_output=True, check=False)


def bench_compose(folder: Path, n: int, idle: bool, scenario: str) -> list[float]:
    port = free_port()
    project = f"bench-compose-{os.getpid()}-{scenario}"
    prepare(folder)
    base = ["docker", "compose", "-f", str(folder / "compose.yaml")]

    def write(token: str) -> None:
        text = COMPOSE_YAML.format(
            project=project,
            command=_command(scenario),
            port=port,
            token=token,
            develop=COMPOSE_DEVELOP[scenario],
        )
        (folder / "compose.yaml").write_text(text + (IDLE_COMPOSE if idle else ""))

    def edit_and_up(token: str) -> None:
        write(token)
        subprocess.run([*base, "up", "-d"], cwd=folder, capture_output=True, check=True)

    write("start")
    subprocess.run([*base, "up", "-d", "--build"], cwd=folder, capture_output=True, check=True)
    proc = None
    try:
        if scenario == "config":
            wait_for(port, "start")
            return edits(port, n, "compose", edit_and_up)
        log = (folder / "compose-watch.log").open("wb")
        proc = subprocess.Popen([*base, "watch"], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        wait_for(port, "start")
        time.sleep(2)  # `watch` has no machine-readable "ready": give it time to start
        return edits(port, n, "compose", page_edit(folder))
    finally:
        if proc is not None:
            stop(proc)
        subprocess.run([*base, "down", "--rmi", "local"], cwd=folder, capture_output=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


NAMES = {
    "restart": ("devenv restart rule", "compose watch sync+restart"),
    "process-restart": ("devenv restart, process_restart", "compose watch sync+restart"),
    "sync": ("devenv sync rule", "compose watch sync"),
    "config": ("devenv.yaml edit, up running", "compose.yaml edit + up -d"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--scenario", choices=[*SCENARIOS, "all"], default="all")
    parser.add_argument(
        "--idle-service", action="store_true", help="add an idle second service to both stacks"
    )
    args = parser.parse_args()
    chosen = SCENARIOS if args.scenario == "all" else (args.scenario,)
    results = []
    for scenario in chosen:
        print(f"{scenario}:", flush=True)
        with tempfile.TemporaryDirectory(prefix="devenv-bench-") as tmp:
            ours = bench_devenv(Path(tmp) / "devenv", args.edits, args.idle_service, scenario)
            theirs = bench_compose(Path(tmp) / "compose", args.edits, args.idle_service, scenario)
        results.append((scenario, ours, theirs))
    for scenario, ours, theirs in results:
        mine, anchor = NAMES[scenario]
        for name, values in ((mine, ours), (anchor, theirs)):
            print(f"{name + ':':32} p50 {pct(values, 0.5):.3f} s  p90 {pct(values, 0.9):.3f} s")
        ratio = statistics.median(ours) / statistics.median(theirs)
        print(f"{'ratio (devenv / compose, p50):':32} {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
