"""Whole-process `devenv render prod` on a generated 500-service config and on examples/hello.

Targets (issue 2): 500 services under 1 s; a small config under 250 ms of wall time.
The anchor is a bare `python -c pass` of the same interpreter, run in the same script, so
the figures can be read against this machine's start-up cost.

    python bench/render.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def generate(folder: Path, services: int) -> Path:
    (folder / "conf").mkdir(parents=True, exist_ok=True)
    (folder / "secrets").mkdir(exist_ok=True)
    lines = ["project: big", "registry: 127.0.0.1:5000", "ntp: {servers: [127.0.0.1]}", "services:"]
    for i in range(services):
        (folder / "conf" / f"s{i}.conf").write_text(f"id = {i}\n")
        (folder / "secrets" / f"s{i}").write_text(f"secret-{i}\n")
        lines += [
            f"  svc{i}:",
            f"    build: {{context: svc{i % 20}, target: prod}}",
            f"    ports: ['{10000 + i}:8080']",
            "    environment: {MODE: prod, LOG_LEVEL: info}",
            f"    data: [/var/lib/svc{i}]",
            "    healthcheck: {test: [CMD, wget, -qO-, 'http://127.0.0.1:8080/'], interval: 5s}",
            f"    depends_on: [svc{max(i - 1, 0)}]" if i else "    depends_on: []",
            "    dev:",
            "      target: dev",
            f"      mounts: ['./svc{i % 20}/src:/app/src']",
            "      reload: [{paths: ['**/*.py'], action: restart}]",
            "    prod:",
            "      replicas: 2",
            f"      configs: [{{source: conf/s{i}.conf, target: /etc/app.conf}}]",
            f"      secrets: [{{name: key{i}, file: secrets/s{i}}}]",
            "      resources: {cpus: 0.5, memory: 128M}",
        ]
    path = folder / "devenv.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def timed(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        out.append((time.perf_counter() - start) * 1000)
    return out


def show(label: str, ms: list[float], anchor: float, target: float | None) -> None:
    med = statistics.median(ms)
    verdict = "" if target is None else ("  ok" if med < target else f"  OVER {target:.0f} ms")
    ratio = med / anchor
    print(f"{label:<34} p50 {med:7.1f} ms  min {min(ms):7.1f} ms  {ratio:5.1f}x anchor{verdict}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    devenv = shutil.which("devenv", path=str(Path(sys.executable).parent)) or shutil.which("devenv")
    if devenv is None:
        print("devenv is not installed in this environment", file=sys.stderr)
        return 2
    # the console script's own interpreter, not a shim that adds its own start-up
    python = Path(devenv).read_text().splitlines()[0].removeprefix("#!").strip()
    with tempfile.TemporaryDirectory() as tmp:
        big = generate(Path(tmp), 500)
        hello = REPO / "examples" / "hello" / "devenv.yaml"
        anchor = timed([python, "-c", "pass"], args.runs)
        show("anchor: python -c pass", anchor, statistics.median(anchor), None)
        base = statistics.median(anchor)
        show(
            "render prod examples/hello",
            timed([devenv, "render", "prod", "-c", str(hello), "--tag", "b1"], args.runs),
            base,
            250,
        )
        show(
            "render prod 500 services",
            timed([devenv, "render", "prod", "-c", str(big), "--tag", "b1"], args.runs),
            base,
            1000,
        )
        show(
            "render dev 500 services",
            timed([devenv, "render", "dev", "-c", str(big)], args.runs),
            base,
            1000,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
