"""`devenv promote` and `devenv rollback`: gated, digest-pinned, recorded deploys (issue 6).

promote: gates -> build the production targets -> push -> read back the registry digests
-> pin every image -> lock -> deploy -> converge -> record. When anything fails after the
deploy began, the previous release is redeployed as it was and the failure is reported
(which task, why, its last log lines); the promote exits 1. A release record is written
once, with its outcome, so an interrupted promote leaves none rather than half of one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from devenv import engine
from devenv.config import ProjectConfig
from devenv.errors import EXIT_FAILED, DevenvError, check_seconds
from devenv.prod import gates, lock, registry, releases, tags
from devenv.prod.contract import DeployFailed, Target
from devenv.prod.releases import Gate, Release

Say = Callable[[str], None]
Confirm = Callable[[str], bool]
PINNED = re.compile(r"^[^@\s]+@sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class Options:
    """What `promote` and `rollback` are asked to do: built once by the CLI layer, handed down."""

    tag: str | None = None
    target: str = "swarm"
    context: str | None = None
    dry_run: bool = False
    yes: bool = False
    skip_ntp: bool = False
    timeout: float = 300.0
    lock_wait: float = 60.0
    break_lock: bool = False
    force_retag: bool = False
    allow_dirty: bool = False

    def __post_init__(self) -> None:
        check_seconds("--timeout", self.timeout)
        check_seconds("--lock-wait", self.lock_wait, zero_ok=True)


def unpinned(stack: Mapping[str, Any]) -> list[str]:
    """Services whose image is not pinned by digest: such a stack is refused."""
    return [
        name
        for name, svc in (stack.get("services") or {}).items()
        if not PINNED.match(str(svc.get("image", "")))
    ]


def config_hash(cfg: ProjectConfig) -> str:
    return "sha256:" + hashlib.sha256(cfg.path.read_bytes()).hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_target(cfg: ProjectConfig, opts: Options) -> Target:
    from devenv.prod import targets

    if opts.context:
        engine.use_context(opts.context)
    return targets.get(opts.target, cfg)


def run_gates(
    cfg: ProjectConfig, target: Target, preview: dict[str, Any], opts: Options, say: Say
) -> list[Gate]:
    from devenv.prod import images, registry

    checks: list[tuple[str, Callable[[], str]]] = [("target", target.check)]
    if any(s.build is not None for s in cfg.services.values()):
        reg = images.require_registry(cfg)
        checks.append(
            ("registry", lambda: registry.ping(reg, engine=registry.of_engine(engine.client())))
        )
    checks.append(("lint", gates.lint_gate(cfg, preview, target.nodes)))
    if not opts.skip_ntp:
        checks.append(("ntp", gates.ntp_gate(cfg, engine=True, nodes=target.nodes)))
    checks.append(("tree", gates.clean_tree_gate(cfg, images.contexts(cfg), opts.allow_dirty)))
    # The gates are independent network round trips: run them at once, report in order.
    with ThreadPoolExecutor(max_workers=len(checks)) as pool:
        futures = [pool.submit(gates.guarded, name, check) for name, check in checks]
        out = [f.result() for f in futures]
    for gate in out:
        gates.report(gate, say)
    if opts.skip_ntp:
        out.append(Gate("ntp", True, "skipped (--skip-ntp)"))
        say("gate ntp: skipped (--skip-ntp; recorded with the release)")
    return out


def promote(cfg: ProjectConfig, opts: Options, say: Say, confirm: Confirm) -> int:
    from devenv.render import render_prod

    tag = opts.tag or tags.default_tag(cfg)
    tags.check_tag(tag)
    target = open_target(cfg, opts)
    preview = render_prod(cfg, cfg.root, tag)
    passed = run_gates(cfg, target, preview, opts, say)
    if not all(g.ok for g in passed):
        failed = ", ".join(g.name for g in passed if not g.ok)
        say(f"promote stopped at the gates ({failed}): nothing was built or deployed")
        return EXIT_FAILED
    if opts.dry_run:
        return dry_run(target, preview, say)
    if not confirm(f"Promote {cfg.project} {tag} to {target.kind} stack {target.stack}?"):
        raise DevenvError("not confirmed: nothing was deployed", exit_code=EXIT_FAILED)
    holder = lock.me(f"promote {tag}")
    lk = lock.Lock(target.lock_backend(), f"stack {target.stack}", say)
    lk.acquire(holder, wait=opts.lock_wait, break_lock=opts.break_lock)
    try:
        return _promote_locked(cfg, target, tag, passed, opts, say, holder.who)
    finally:
        lk.release(holder)


def _registry_lookup() -> Callable[[str], registry.Manifest | None]:
    settings: list[registry.EngineRegistries] = []

    def lookup(ref: str) -> registry.Manifest | None:
        if not settings:
            settings.append(registry.of_engine(engine.client()))
        return registry.manifest(ref, engine=settings[0])

    return lookup


def dry_run(target: Target, preview: dict[str, Any], say: Say) -> int:
    from devenv import diff
    from devenv.composefile import dump

    say("--dry-run: nothing built; images are pinned by digest when built and pushed")
    say(dump(preview).rstrip())
    say(diff.format_changes(diff.diff(target.running(), preview), "running", "promote").rstrip())
    return 0


def _promote_locked(
    cfg: ProjectConfig,
    target: Target,
    tag: str,
    passed: list[Gate],
    opts: Options,
    say: Say,
    who: str,
) -> int:
    from devenv.composefile import dump
    from devenv.prod import images
    from devenv.render import render_prod

    store = target.store()
    history = store.list()
    say(f"build and push ({tag})")
    guard = tags.Immutable(tag, history, _registry_lookup(), opts.force_retag)
    try:
        digests = images.build_and_pin(engine.client(), cfg, tag, say, guard)
    except KeyboardInterrupt:
        last = releases.current(history)
        runs = f"still runs release {last.number} ({last.tag})" if last else "was not touched"
        say(f"interrupted while building and pushing: nothing was deployed; the stack {runs}")
        raise
    retag = guard.gate()
    gates.report(retag, say)
    stack = render_prod(cfg, cfg.root, tag, digests)
    loose = unpinned(stack)
    if loose:
        raise DevenvError(f"refusing a stack with unpinned images: {', '.join(loose)}")
    pinned = {name: str(svc["image"]) for name, svc in stack["services"].items()}
    release = Release(
        number=releases.next_number(history),
        kind="promote",
        tag=tag,
        images=pinned,
        config_hash=config_hash(cfg),
        stack=dump(stack),
        who=who,
        when=now(),
        outcome="deployed",
        gates=(*passed, retag),
        target=target.kind,
    )
    return deploy_and_record(cfg, target, release, releases.current(history), opts, say)


def deploy_and_record(
    cfg: ProjectConfig,
    target: Target,
    release: Release,
    previous: Release | None,
    opts: Options,
    say: Say,
) -> int:
    say(f"deploy release {release.number} to {target.kind} stack {target.stack}")
    try:
        if release.rollback_of is None:
            target.deploy(release.stack, release.images, opts.timeout, say)
        else:
            target.redeploy(release, opts.timeout, say)
    except KeyboardInterrupt:
        say(interrupted(target, release, previous))
        raise
    except DeployFailed as exc:
        say(f"release {release.number} FAILED:\n{exc.detail}")
        try:
            say(restore(target, previous, opts, say))
        finally:
            record(cfg, target, replace(release, outcome="failed", detail=_first(exc.detail)))
        return EXIT_FAILED
    record(cfg, target, release)
    say(f"release {release.number} ({release.tag}) is live on {target.kind} stack {target.stack}")
    return 0


def interrupted(target: Target, release: Release, previous: Release | None) -> str:
    """What a SIGTERM or Ctrl-C mid-deploy leaves, and how to go on (issue 14, item 10)."""
    what = f"release {release.number} ({release.tag})"
    if target.kind == "swarm":
        state = (
            f"the swarm carries on with the update it was given, so services may run {what} "
            "or the release before, and Swarm's own update policy decides what a failed "
            "task does"
        )
    else:
        state = f"Compose may have recreated some containers with {what} and not others"
    redo = (
        f"devenv rollback --to {release.rollback_of}"
        if release.rollback_of is not None
        else f"devenv promote --tag {release.tag}"
    )
    if previous is not None:
        back = f"`devenv rollback --to {previous.number}`"
    elif target.kind == "swarm":
        back = f"`docker stack rm {target.stack}` (there is no earlier release)"
    else:
        back = f"`docker compose -p {target.stack} down` (there is no earlier release)"
    return (
        f"interrupted during the deploy of {what} to {target.kind} stack {target.stack}: "
        f"{state}. {what.capitalize()} was not recorded and the lock is released. To go "
        f"on, rerun `{redo}` (the same build goes through and converges), or return "
        f"with {back}; `devenv diff running` shows what runs now"
    )


def restore(target: Target, previous: Release | None, opts: Options, say: Say) -> str:
    if previous is None:
        return "no earlier release to return to: the failed stack is left for inspection"
    say(f"rolling back to release {previous.number} ({previous.tag})")
    try:
        target.redeploy(previous, opts.timeout, say)
    except DeployFailed as exc:
        return f"returning to release {previous.number} failed too:\n{exc.detail}"
    return f"back on release {previous.number} ({previous.tag})"


def record(cfg: ProjectConfig, target: Target, release: Release) -> None:
    store = target.store()
    store.add(release)
    folder = releases.mirror_dir(cfg.root)
    if not isinstance(store, releases.DirStore) or store.folder != folder:
        releases.mirror(folder, store.list())


def _first(text: str) -> str:
    return (text.strip().splitlines() or ["?"])[0][:300]


def rollback(cfg: ProjectConfig, to: str | None, opts: Options, say: Say, confirm: Confirm) -> int:
    target = open_target(cfg, opts)
    reachable = gates.guarded("target", target.check)
    gates.report(reachable, say)
    if not reachable.ok:
        return EXIT_FAILED
    holder = lock.me(f"rollback to {to or 'previous'}")
    lk = lock.Lock(target.lock_backend(), f"stack {target.stack}", say)
    lk.acquire(holder, wait=opts.lock_wait, break_lock=opts.break_lock)
    try:
        history = target.store().list()
        chosen = releases.rollback_target(history, to)
        if not confirm(f"Redeploy release {chosen.number} ({chosen.tag}) to {target.stack}?"):
            raise DevenvError("not confirmed: nothing was deployed", exit_code=EXIT_FAILED)
        release = replace(
            chosen,
            number=releases.next_number(history),
            kind="rollback",
            rollback_of=chosen.number,
            who=holder.who,
            when=now(),
            outcome="deployed",
            detail="",
            gates=(),
            target=target.kind,
        )
        return deploy_and_record(cfg, target, release, releases.current(history), opts, say)
    finally:
        lk.release(holder)
