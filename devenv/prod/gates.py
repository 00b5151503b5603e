"""The gates a promote passes before anything is built or deployed (issue 6, step 1).

Each gate returns a `Gate` (name, ok, one-line detail) that is printed and recorded with the
release; an expected failure inside a gate becomes a failed gate, never a traceback.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from devenv.config import ProjectConfig
from devenv.errors import DevenvError
from devenv.lint.finding import Finding
from devenv.prod.releases import Gate


def guarded(name: str, check: Callable[[], str]) -> Gate:
    try:
        return Gate(name, True, check())
    except DevenvError as exc:
        return Gate(name, False, exc.message)


# Rules that need a fact of the target (the swarm's size, DV212): a plain `devenv lint`
# cannot show their findings, so the gate shows them whatever their severity (issue 13).
TARGET_RULES = frozenset({"DV212"})


def _findings(
    cfg: ProjectConfig, prod_stack: dict[str, object], nodes: int | None
) -> list[Finding]:
    from devenv.lint import runner as lint

    proj = lint.project(cfg)
    settings = lint.settings_for([cfg], [])
    stack = lint.rendered_stack(proj, "prod", prod_stack, nodes)
    subjects: list[lint.Subject] = [*proj.dockerfiles.values(), proj, stack]
    return sorted(set(lint.lint(subjects, settings)), key=lambda f: f.sort_key())


def _line(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}: [{f.severity}] {f.rule} {f.message}"


def lint_findings(
    cfg: ProjectConfig, prod_stack: dict[str, object], nodes: int | None = None
) -> list[str]:
    """Error-level findings of `devenv lint` on the production stack, the config and the
    Dockerfiles it builds, as `file:line:col: [error] RULE message` lines."""
    return [_line(f) for f in _findings(cfg, prod_stack, nodes) if f.severity == "error"]


def lint_gate(
    cfg: ProjectConfig,
    prod_stack: dict[str, object],
    nodes: Callable[[], int | None] = lambda: None,
) -> Callable[[], str]:
    """`nodes`: the size of the swarm deployed to (None: not a swarm, or unknown)."""

    def check() -> str:
        found = _findings(cfg, prod_stack, nodes())
        errors = [_line(f) for f in found if f.severity == "error"]
        if errors:
            shown = "\n    ".join(errors[:20])
            raise DevenvError(f"{len(errors)} lint error(s); fix them first:\n    {shown}")
        noted = [_line(f) for f in found if f.rule in TARGET_RULES]
        ok = "no error in the Dockerfiles, the config and the production stack"
        return "\n".join([ok + (f"; {len(noted)} about the target:" if noted else ""), *noted])

    return check


NTP_TIMEOUT = 5.0
# Reading every node starts a container on each: seconds on a busy swarm (issue 13).
NODES_TIMEOUT = 20.0


def ntp_gate(
    cfg: ProjectConfig, *, engine: bool, nodes: Callable[[], int | None] = lambda: None
) -> Callable[[], str]:
    """The clocks of this host and the engine against the project's NTP servers, and those
    of every node when `nodes()` says the swarm has more than one (with one, the node is the
    engine); the failed checks become the gate's detail, printed and recorded with it."""

    def check() -> str:
        from devenv.clock import report, wire

        if not cfg.ntp.servers:
            raise DevenvError(
                "no `ntp.servers` in devenv.yaml: production clocks must follow one source "
                "(or pass --skip-ntp, which is recorded)"
            )
        servers = wire.parse_servers(
            cfg.ntp.servers, lambda i, why: cfg.positions.error(("ntp", "servers", i), why)
        )
        every_node = (nodes() or 0) > 1
        opts = report.Options(
            servers,
            cfg.ntp.max_offset_ms,
            NTP_TIMEOUT,
            engine,
            every_node,
            cfg.ntp.node_image,
            NODES_TIMEOUT,
        )
        result = report.check_clocks(opts)
        if not result.ok:
            failed = [
                f"{c.target} {c.server}: {c.error or c.note}" for c in result.checks if not c.ok
            ]
            raise DevenvError("clock check failed; or pass --skip-ntp:\n" + "\n".join(failed))
        within = f"clocks within {cfg.ntp.max_offset_ms:g} ms of {', '.join(cfg.ntp.servers)}"
        bounds = [c.bound_ms for c in result.checks if c.bound_ms is not None]
        if bounds:
            count = f"{len(bounds)} swarm node" + ("s" if len(bounds) > 1 else "")
            within += f" ({count} read, each within ±{max(bounds):.1f} ms)"
        return within

    return check


def clean_tree_gate(
    cfg: ProjectConfig, contexts: list[Path], allow_dirty: bool
) -> Callable[[], str]:
    """The images are built from committed files. Only `--allow-dirty` lets a promote past
    (recorded with the release); a `--tag` names a build, it proves nothing about its
    files (issue 14, item 8)."""

    def check() -> str:
        if not contexts:
            return "nothing is built"
        try:
            changed = uncommitted(cfg.root, contexts)
        except DevenvError:
            if allow_dirty:
                return f"--allow-dirty: {cfg.root.absolute()} is not in a git repository"
            raise
        if not changed:
            return "the build contexts are committed"
        listed = ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else "")
        if allow_dirty:
            return f"--allow-dirty: built with uncommitted changes in {listed}"
        raise DevenvError(
            f"uncommitted changes in what the images are built from ({listed}): "
            "commit them, or pass --allow-dirty (recorded with the release)"
        )

    return check


def uncommitted(root: Path, paths: list[Path]) -> list[str]:
    """Files under `paths` that differ from HEAD or are untracked (ignored ones excluded)."""
    argv = ["git", "-C", str(root.absolute()), "status", "--porcelain", "--", *map(str, paths)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        # Outside git nothing says which files a build came from: the gate cannot pass.
        raise DevenvError(
            f"{root.absolute()} is not in a git repository, so nothing records what the "
            "images are built from: commit the project to git, or pass --allow-dirty "
            "(recorded with the release)"
        )
    return [line[3:] for line in proc.stdout.splitlines() if line.strip()]


def report(gate: Gate, say: Callable[[str], None]) -> None:
    mark = "ok" if gate.ok else "FAILED"
    first, *rest = gate.detail.splitlines() or [""]
    say(f"gate {gate.name}: {mark}: {first}")
    for line in rest:
        say(f"  {line}")
