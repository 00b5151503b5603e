"""Benchmark (issue 4): from a file write to the new content being served, on the real engine.

The same small offline web service (busybox httpd, `init: true`, no healthcheck) under
(a) devenv's `restart` rule, its source bind-mounted, and (b) `docker compose watch` with
`action: sync+restart`. The service copies its content when it starts, so the new content
is served only once the reload has happened. 10 edits each; prints p50 and p90 of both and
their ratio. Not a timed test: run it by hand, `python3 bench/reload.py [--edits N]`.
Needs the engine of `bash scripts/setup` (DOCKER_HOST) and its busybox image.

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
from pathlib import Path

IMAGE = "devenv-test/busybox:1.35"
COMMAND = "mkdir -p /www && cp -r /src/. /www/ && exec httpd -f -p 8080 -h /www"
DEVENV_YAML = """\
project: {project}
services:
  web:
    build: {{context: .}}
    command: ["sh", "-c", "{command}"]
    ports: ["{port}:8080"]
    dev:
      mounts: ["./src:/src:ro"]
      reload:
        - paths: ["src/**"]
          action: restart
"""
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
    init: true
    stop_grace_period: 1s
    develop:
      watch:
        - path: ./src
          target: /src
          action: sync+restart
"""
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


def edits(folder: Path, port: int, n: int, label: str) -> list[float]:
    times = []
    for i in range(-1, n):  # one warm-up edit, not counted
        time.sleep(0.5)  # let the previous reload settle, as a person editing would
        token = f"{label}-{i}-{time.monotonic_ns()}"
        start = time.monotonic()
        (folder / "src" / "index.html").write_text(f"<p>{token}</p>\n")
        took = wait_for(port, token) - start
        if i >= 0:
            times.append(took)
            print(f"  {label} edit {i + 1}: {took:.3f} s", flush=True)
    return times


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


def bench_devenv(folder: Path, n: int, idle: bool) -> list[float]:
    port = free_port()
    project = f"bench-devenv-{os.getpid()}"
    prepare(folder)
    text = DEVENV_YAML.format(project=project, command=COMMAND, port=port)
    (folder / "devenv.yaml").write_text(text + (IDLE_DEVENV if idle else ""))
    log = (folder / "devenv.log").open("wb")
    cmd = [sys.executable, "-m", "devenv", "up"]
    proc = subprocess.Popen(cmd, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(port, "start")
        return edits(folder, port, n, "devenv")
    finally:
        stop(proc)
        for cmd in (
            [sys.executable, "-m", "devenv", "down"],
            ["docker", "image", "rm", "-f", f"{project}-dev-web", f"{project}-dev-idle"],
        ):
            subprocess.run(cmd, cwd=folder, capture_output=True, check=False)


def bench_compose(folder: Path, n: int, idle: bool) -> list[float]:
    port = free_port()
    project = f"bench-compose-{os.getpid()}"
    prepare(folder)
    text = COMPOSE_YAML.format(project=project, command=COMMAND, port=port)
    (folder / "compose.yaml").write_text(text + (IDLE_COMPOSE if idle else ""))
    base = ["docker", "compose", "-f", str(folder / "compose.yaml")]
    subprocess.run([*base, "up", "-d", "--build"], cwd=folder, capture_output=True, check=True)
    log = (folder / "compose-watch.log").open("wb")
    proc = subprocess.Popen([*base, "watch"], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(port, "start")
        time.sleep(2)  # `watch` has no machine-readable "ready": give it time to start
        return edits(folder, port, n, "compose")
    finally:
        stop(proc)
        subprocess.run([*base, "down", "--rmi", "local"], cwd=folder, capture_output=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument(
        "--idle-service", action="store_true", help="add an idle second service to both stacks"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="devenv-bench-") as tmp:
        ours = bench_devenv(Path(tmp) / "devenv", args.edits, args.idle_service)
        theirs = bench_compose(Path(tmp) / "compose", args.edits, args.idle_service)
    print(f"devenv restart rule:        p50 {pct(ours, 0.5):.3f} s  p90 {pct(ours, 0.9):.3f} s")
    print(f"compose watch sync+restart: p50 {pct(theirs, 0.5):.3f} s  p90 {pct(theirs, 0.9):.3f} s")
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"ratio (devenv / compose, p50): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
