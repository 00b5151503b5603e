"""Time `devenv promote` against the bare steps it wraps, on examples/hello (issue 6).

Both sides deploy the same example (each as a stack of its own, on its own port) with a new
tag each round, on a warm build cache, and stop when the new release is converged: its task
runs the new image and is healthy. The bare side is what a script would run:

    docker build --target prod -t REF .   docker push REF
    docker stack deploy --prune --with-registry-auth -c STACK NAME
    then poll the task list (as devenv does, every 0.25 s) until the new task runs.

devenv adds its gates (lint, NTP, registry, git tree, target), the digest read-back,
the pinned render, the lock and the release record. For reference the script also times
`docker stack deploy --detach=false`, Docker's own wait, which adds a fixed stabilisation
delay. Target: devenv under 1.2x the bare steps.

    python bench/promote.py [--runs N] [--no-cli-wait]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HARNESS_ENV = Path("/run/devenv/harness.env")
POLL = 0.25


def harness_env() -> None:
    if os.environ.get("DOCKER_HOST") or not HARNESS_ENV.is_file():
        return
    for line in HARNESS_ENV.read_text().splitlines():
        if line.startswith("export ") and "=" in line:
            key, _, value = line.removeprefix("export ").partition("=")
            os.environ.setdefault(key, value.strip("'\""))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def project(root: Path, name: str) -> tuple[Path, dict[str, str]]:
    shutil.copytree(REPO / "examples" / "hello", root, ignore=shutil.ignore_patterns(".devenv"))
    config = root / "devenv.yaml"
    config.write_text(config.read_text().replace("project: hello", f"project: {name}"))
    return root, {**os.environ, "HELLO_PORT": str(free_port())}


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"`{' '.join(argv)}` failed:\n{proc.stdout}{proc.stderr}")


def wait_converged(stack: str, ref: str) -> None:
    import docker

    api = docker.from_env().api
    while True:
        tasks = api.tasks(filters={"service": f"{stack}_web", "desired-state": "running"})
        images = [t["Spec"]["ContainerSpec"]["Image"] for t in tasks]
        states = [t["Status"]["State"] for t in tasks]
        if images and all(i.startswith(ref) for i in images) and set(states) == {"running"}:
            return
        time.sleep(POLL)


def timed(step: Callable[[], None]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-cli-wait", action="store_true", help="skip --detach=false")
    args = parser.parse_args()
    harness_env()
    devenv = [sys.executable, "-m", "devenv"]
    suffix = uuid.uuid4().hex[:6]
    names = {"devenv": f"bench-devenv-{suffix}", "bare": f"bench-bare-{suffix}"}
    names["cli"] = f"bench-cli-{suffix}"
    figures: dict[str, list[float]] = {k: [] for k in names}
    with tempfile.TemporaryDirectory() as tmp:
        roots = {k: project(Path(tmp) / k, n) for k, n in names.items()}

        def promote(tag: str) -> None:
            root, env = roots["devenv"]
            run([*devenv, "promote", "--yes", "--tag", tag, "--allow-dirty"], root, env)

        def bare(kind: str, tag: str) -> Callable[[], None]:
            root, env = roots[kind]
            ref = f"127.0.0.1:5000/{names[kind]}/web:{tag}"
            stack = root / f"stack-{tag}.yml"
            run([*devenv, "render", "prod", "--tag", tag, "-o", str(stack)], root, env)
            wait = [] if kind == "bare" else ["--detach=false", "--quiet"]

            def steps() -> None:
                run(["docker", "build", "-q", "--target", "prod", "-t", ref, "."], root, env)
                run(["docker", "push", "-q", ref], root, env)
                deploy = ["docker", "stack", "deploy", "--prune", "--with-registry-auth"]
                run([*deploy, *wait, "-c", str(stack), names[kind]], root, env)
                if kind == "bare":
                    wait_converged(names[kind], ref)

            return steps

        try:
            kinds = ["devenv", "bare"] + ([] if args.no_cli_wait else ["cli"])
            for round_ in range(args.runs + 1):  # round 0 warms the caches, not counted
                for kind in kinds:
                    tag = f"r{round_}"
                    step = (lambda t=tag: promote(t)) if kind == "devenv" else bare(kind, tag)
                    seconds = timed(step)
                    if round_:
                        figures[kind].append(seconds)
                print(
                    f"round {round_}: "
                    + ", ".join(
                        f"{k} {figures[k][-1]:.2f}s" for k in kinds if round_ and figures[k]
                    )
                    if round_
                    else "round 0: warm-up done",
                    flush=True,
                )
        finally:
            for name in names.values():
                subprocess.run(["docker", "stack", "rm", name], capture_output=True, check=False)
                found = subprocess.run(
                    ["docker", "config", "ls", "-q", "--filter", f"label=io.devenv.release={name}"],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout.split()
                subprocess.run(["docker", "config", "rm", *found], capture_output=True, check=False)
    med = {k: statistics.median(v) for k, v in figures.items() if v}
    print(f"\n{args.runs} rounds, warm cache, examples/hello (healthcheck interval 2 s)")
    labels = {
        "devenv": "devenv promote (gates, pin, lock, record)",
        "bare": "docker build + push + stack deploy + poll",
        "cli": "same, waiting with --detach=false",
    }
    for kind, seconds in med.items():
        spread = f"min {min(figures[kind]):.2f} s, max {max(figures[kind]):.2f} s"
        print(f"{labels[kind]:<44} p50 {seconds:6.2f} s  ({spread})")
    ratio = med["devenv"] / med["bare"]
    verdict = "ok" if ratio < 1.2 else "OVER the 1.2x target"
    print(f"overhead ratio devenv / bare: {ratio:.2f}x ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
