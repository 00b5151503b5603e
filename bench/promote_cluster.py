"""Time `devenv promote` to the three-node cluster against the bare steps it wraps (issue 13).

Needs `bash scripts/cluster up`. Both sides deploy the same three-service stack (web with
three replicas on a host port, so one per node; api; worker), each as a stack of its own,
with a new tag each round and a warm build cache, and stop when every task runs the new
image (and, with a healthcheck, is healthy: Swarm keeps such a task `starting` until then).
The bare side is what a script would run:

    docker build --target T -t REF . ; docker push REF        (for each service)
    docker stack deploy --prune --with-registry-auth -c STACK NAME
    then poll the task list every 0.25 s until every task runs the new image

Everything that must reach the registry runs in the manager's network namespace. Then a
30-service stack spread over the three nodes is promoted once: its time to converged.
Target: devenv under 1.2x the bare steps.

    python bench/promote_cluster.py [--runs N] [--no-wide]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

CLUSTER_ENV = Path("/run/devenv/cluster.env")
POLL = 0.25

DOCKERFILE = """\
FROM devenv-test/busybox:1.35 AS app
ARG ROUND=0
RUN mkdir /srv && echo "$ROUND" > /srv/index.html
CMD ["httpd", "-f", "-p", "8080", "-h", "/srv"]
"""

SERVICE = """\
  {name}:
    build: {{context: ., target: app, args: {{ROUND: "{round}"}}}}
    healthcheck: {{test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], \
interval: 1s, timeout: 2s, retries: 3}}
    prod: {{endpoint_mode: dnsrr, update: {{monitor: 1s}}{extra}}}
"""


def cluster_env() -> dict[str, str]:
    if not CLUSTER_ENV.is_file():
        sys.exit(f"{CLUSTER_ENV} is missing: run `bash scripts/cluster up` first")
    env = dict(os.environ)
    for line in CLUSTER_ENV.read_text().splitlines():
        if line.startswith("export ") and "=" in line:
            key, _, value = line.removeprefix("export ").partition("=")
            env[key] = value.strip("'\"")
    return env


ENV = cluster_env()
NSENTER = ["nsenter", f"--net=/var/run/netns/{ENV['DEVENV_CLUSTER_C1_NETNS']}"]
REGISTRY = ENV["DEVENV_CLUSTER_REGISTRY"]


def config(name: str, services: list[str], round_: int, port: int) -> str:
    parts = [f"project: {name}\nregistry: {REGISTRY}\nservices:\n"]
    for svc in services:
        extra = ""
        if svc == "web":
            extra = ", replicas: 3, publish_mode: host"
            parts.append(f'  web:\n    ports: ["{port}:8080"]\n')
            parts.append(SERVICE.format(name="", round=round_, extra=extra).split("\n", 1)[1])
            continue
        parts.append(SERVICE.format(name=svc, round=round_, extra=extra))
    return "".join(parts)


def run(argv: list[str], cwd: Path) -> None:
    proc = subprocess.run(
        [*NSENTER, *argv], cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"`{' '.join(argv)}` failed:\n{proc.stdout}{proc.stderr}")


def wait_converged(stack: str, tag: str) -> None:
    """Every service runs as many tasks as it wants, all `running` from the new tag (stop-first
    updates leave a moment with one task fewer: counting services alone ends too early)."""
    import docker

    api = docker.DockerClient(base_url=ENV["DOCKER_HOST"]).api
    ns = {"label": f"com.docker.stack.namespace={stack}"}
    while True:
        wanted = {
            s["ID"]: s["Spec"]["Mode"].get("Replicated", {}).get("Replicas", 1)
            for s in api.services(filters=ns)
        }
        tasks = api.tasks(filters={**ns, "desired-state": "running"})
        done = {
            sid: sum(
                1
                for t in tasks
                if t["ServiceID"] == sid
                and t["Status"]["State"] == "running"
                and f":{tag}@" in t["Spec"]["ContainerSpec"]["Image"]
            )
            for sid in wanted
        }
        if wanted and done == wanted and len(tasks) == sum(wanted.values()):
            return
        time.sleep(POLL)


def timed(step: Callable[[], None]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def write(root: Path, name: str, services: list[str], round_: int, port: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Dockerfile").write_text(DOCKERFILE)
    (root / "devenv.yaml").write_text(config(name, services, round_, port))


def devenv_step(root: Path, tag: str) -> None:
    devenv = [sys.executable, "-m", "devenv"]
    run(
        [
            *devenv,
            "promote",
            "--yes",
            "--tag",
            tag,
            "--skip-ntp",
            "--timeout",
            "300",
            "--allow-dirty",
        ],
        root,
    )


def bare_step(
    root: Path, name: str, services: list[str], tag: str, round_: int
) -> Callable[[], None]:
    stack = root / f"stack-{tag}.yml"
    run([sys.executable, "-m", "devenv", "render", "prod", "--tag", tag, "-o", str(stack)], root)

    def steps() -> None:
        for svc in services:
            ref = f"{REGISTRY}/{name}/{svc}:{tag}"
            build = ["docker", "build", "-q", "--target", "app", "--build-arg", f"ROUND={round_}"]
            run([*build, "-t", ref, "."], root)
            run(["docker", "push", "-q", ref], root)
        run(
            [
                "docker",
                "stack",
                "deploy",
                "--prune",
                "--with-registry-auth",
                "-c",
                str(stack),
                name,
            ],
            root,
        )
        wait_converged(name, tag)

    return steps


def cleanup(names: list[str]) -> None:
    for name in names:
        subprocess.run(["docker", "stack", "rm", name], env=ENV, capture_output=True, check=False)
        found = subprocess.run(
            ["docker", "config", "ls", "-q", "--filter", f"label=io.devenv.release={name}"],
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if found:
            subprocess.run(
                ["docker", "config", "rm", *found], env=ENV, capture_output=True, check=False
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-wide", action="store_true", help="skip the 30-service stack")
    args = parser.parse_args()
    suffix = uuid.uuid4().hex[:6]
    names = {"devenv": f"bcd-{suffix}", "bare": f"bcb-{suffix}"}
    services = ["web", "api", "worker"]
    ports = {"devenv": random.randint(40000, 44999), "bare": random.randint(45000, 49999)}
    figures: dict[str, list[float]] = {k: [] for k in names}
    wide_name = f"bcw-{suffix}"
    with tempfile.TemporaryDirectory() as tmp:
        roots = {k: Path(tmp) / k for k in names}
        try:
            for round_ in range(args.runs + 1):  # round 0 warms the caches, not counted
                tag = f"r{round_}"
                for kind in names:
                    write(roots[kind], names[kind], services, round_, ports[kind])
                    step: Callable[[], None] = (
                        partial(devenv_step, roots[kind], tag)
                        if kind == "devenv"
                        else bare_step(roots[kind], names[kind], services, tag, round_)
                    )
                    seconds = timed(step)
                    if round_:
                        figures[kind].append(seconds)
                shown = ", ".join(f"{k} {v[-1]:.2f}s" for k, v in figures.items() if round_ and v)
                print(f"round {round_}: {shown or 'warm-up done'}", flush=True)
            wide = None
            if not args.no_wide:
                root = Path(tmp) / "wide"
                many = [f"s{i:02d}" for i in range(30)]
                write(root, wide_name, many, 0, 0)
                wide = timed(lambda: devenv_step(root, "w1"))
                import docker

                api = docker.DockerClient(base_url=ENV["DOCKER_HOST"]).api
                ns = {
                    "label": f"com.docker.stack.namespace={wide_name}",
                    "desired-state": "running",
                }
                nodes = {t["NodeID"] for t in api.tasks(filters=ns)}
        finally:
            cleanup([*names.values(), wide_name])
    med = {k: statistics.median(v) for k, v in figures.items() if v}
    print(f"\n{args.runs} rounds, warm cache, 3 services (web x3 on 3 nodes), 3-node cluster")
    labels = {
        "devenv": "devenv promote (gates, pin, lock, record)",
        "bare": "docker build + push (x3) + stack deploy + poll",
    }
    for kind, seconds in med.items():
        spread = f"min {min(figures[kind]):.2f} s, max {max(figures[kind]):.2f} s"
        print(f"{labels[kind]:<48} p50 {seconds:6.2f} s  ({spread})")
    ratio = med["devenv"] / med["bare"]
    verdict = "ok" if ratio < 1.2 else "OVER the 1.2x target"
    print(f"overhead ratio devenv / bare: {ratio:.2f}x ({verdict})")
    if wide is not None:
        print(f"30-service stack, first promote to converged: {wide:.2f} s, on {len(nodes)} nodes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
