"""Whole-process `devenv import` + `devenv render dev` + `devenv render prod` on a generated
200-service Compose project with networks, named volumes and a Swarm stack file.

Target (issue 12): the three together under 1 s. Anchors measured in the same run: a bare
`python -c pass` of the same interpreter, and `docker compose config` of the same project
(which the import runs twice, once per side: the floor it cannot go under).

    python bench/import.py [--runs N] [--services N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(folder: Path, services: int) -> None:
    dev = ["name: bigimport", "services:"]
    stack = ["services:"]
    for i in range(services):
        tier = ("front", "back", "data")[i % 3]
        (folder / f"svc{i % 20}").mkdir(exist_ok=True)
        dev += [
            f"  svc{i}:",
            f"    build: ./svc{i % 20}",
            f"    ports: ['{20000 + i}:8080']",
            "    environment: {MODE: dev, LOG_LEVEL: debug}",
            f"    volumes: ['./svc{i % 20}:/app/src', 'vol{i % 50}:/var/lib/app']",
            f"    networks: {{{tier}: {{aliases: [s{i}.{tier}]}}, back: {{}}}}"
            if tier != "back"
            else "    networks: [back]",
            "    healthcheck: {test: [CMD, wget, -qO-, 'http://127.0.0.1:8080/'], interval: 5s}",
            f"    depends_on: {{svc{i - 1}: {{condition: service_healthy}}}}" if i else "",
        ]
        stack += [
            f"  svc{i}:",
            f"    image: 127.0.0.1:5000/bigimport/svc{i}:1.0",
            f"    ports: ['{20000 + i}:8080']",
            "    environment: {MODE: prod, LOG_LEVEL: info}",
            f"    volumes: ['vol{i % 50}:/var/lib/app']",
            f"    networks: [{tier}, back]" if tier != "back" else "    networks: [back]",
            "    healthcheck: {test: [CMD, wget, -qO-, 'http://127.0.0.1:8080/'], interval: 5s}",
            "    deploy: {replicas: 2, resources: {limits: {memory: 128M}}}",
        ]
    tops = ["networks:", "  front: {}", "  back: {}", "  data: {internal: true}", "volumes:"]
    tops += [f"  vol{v}: {{labels: {{backup: daily}}}}" for v in range(50)]
    (folder / "compose.yaml").write_text("\n".join([*dev, *tops]) + "\n")
    (folder / "docker-stack.yml").write_text("\n".join([*stack, *tops]) + "\n")


# As installed: bytecode cached (a shell with PYTHONDONTWRITEBYTECODE recompiles every
# module at every start, a fifth of a second here). The first run of each writes it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmds: list[list[str]], runs: int, cwd: Path) -> tuple[list[float], list[float]]:
    """Wall time and CPU time (user + sys, the command and every process it waited for)
    of each run, in ms. On a shared machine the wall time swings with the neighbours'
    load; the CPU time much less: it is the figure to compare two versions by."""
    for cmd in cmds:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=cwd, env=ENV)
    wall, cpu = [], []
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        for cmd in cmds:
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=cwd, env=ENV)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((_children_cpu() - before) * 1000)
    return wall, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def show(label: str, ms: tuple[list[float], list[float]], target: float | None = None) -> None:
    wall, cpu = ms
    med = statistics.median(wall)
    verdict = "" if target is None else ("  ok" if med < target else f"  OVER {target:.0f} ms")
    print(
        f"{label:<44} p50 {med:7.1f} ms  min {min(wall):7.1f} ms  "
        f"cpu p50 {statistics.median(cpu):7.1f} ms{verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--services", type=int, default=200)
    args = parser.parse_args()
    devenv = shutil.which("devenv", path=str(Path(sys.executable).parent)) or shutil.which("devenv")
    if devenv is None:
        print("devenv is not installed in this environment", file=sys.stderr)
        return 2
    python = Path(devenv).read_text().splitlines()[0].removeprefix("#!").strip()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bigimport"
        folder.mkdir()
        generate(folder, args.services)
        show("anchor: python -c pass", timed([[python, "-c", "pass"]], args.runs, folder))
        compose = ["docker", "compose", "config", "--format", "json", "--no-interpolate"]
        floor = timed([compose], args.runs, folder)
        show("anchor: docker compose config (one side)", floor)
        imp = [devenv, "import", "--force", "--prod", "docker-stack.yml"]
        show(f"import {args.services} services", timed([imp], args.runs, folder))
        dev = [devenv, "render", "dev"]
        prod = [devenv, "render", "prod", "--tag", "b1"]
        show("render dev", timed([dev], args.runs, folder))
        show("render prod", timed([prod], args.runs, folder))
        total = timed([imp, dev, prod], args.runs, folder)
        show("import + render dev + render prod", total, 1000)
        # the import runs Compose once per side (in parallel): what is left is devenv's
        own = (
            [t - 2 * statistics.median(floor[0]) for t in total[0]],
            [t - 2 * statistics.median(floor[1]) for t in total[1]],
        )
        show("  of which devenv's own (total - 2 x anchor)", own)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
