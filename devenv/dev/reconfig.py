"""devenv.yaml edited while `devenv up` runs (issue 16, item 2): applied as a whole, or not at all.

The pure half (`diff_stacks`) compares the dev stack as written with the one the edited file
renders, service by service, and says which Compose services to recreate, to start and to
remove, and what changed in each, in devenv's words (a network holder's ports are its
service's). The effects (`apply`) live in `devenv.dev.reloader`'s thread for it: a config that
does not load, or asks for a port something else holds, changes nothing and says why; else the
new file is written and exactly the changed services are recreated, the others (and their
network holders) keep running.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv.errors import DevenvError
from devenv.render import HOLDER_PREFIX

if TYPE_CHECKING:
    from devenv.config import ProjectConfig
    from devenv.dev.exits import Expected
    from devenv.dev.logstream import Output
    from devenv.engine import ComposeStack

# Top-level sections a service refers to by name: a changed entry changes its users.
_SECTIONS = ("volumes", "secrets", "configs", "networks")
# Keys that are no property of the container: Compose acts on them, no container shows them.
_NOT_CONTAINER = frozenset({"develop"})
_REFUSED = "devenv.yaml not applied, the stack keeps running as it was:"


@dataclass(frozen=True)
class StackChange:
    """What an edit of devenv.yaml does to the running dev stack."""

    recreate: tuple[str, ...] = ()  # Compose services, holders first
    start: tuple[str, ...] = ()  # new services, with their holders
    remove: tuple[str, ...] = ()  # services gone from the file (their holders too)
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # devenv service -> keys

    @property
    def empty(self) -> bool:
        return not (self.recreate or self.start or self.remove)

    def summary(self, *, done: bool = False) -> str:
        """One line: which services change and how, which are added and removed."""
        added = [s for s in self.start if _owner(s) == s]
        gone = [s for s in self.remove if _owner(s) == s]
        parts = [
            f"{name} ({', '.join(keys)})" if keys else name
            for name, keys in self.keys.items()
            if name not in added and name not in gone
        ]
        verbs = (
            ("recreated", "started", "removed") if done else ("recreating", "starting", "removing")
        )
        out = [
            f"{verb} {', '.join(names)}"
            for verb, names in zip(verbs, (parts, added, gone), strict=True)
            if names
        ]
        return "; ".join(out) or "no container changes"


def _owner(compose_name: str) -> str:
    return compose_name.removeprefix(HOLDER_PREFIX)


def _holders_first(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda n: (not n.startswith(HOLDER_PREFIX), n)))


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _refs(service: Mapping[str, Any], section: str) -> set[str]:
    """The names of top-level `section` entries the service uses."""
    value = service.get(section)
    if section == "networks":
        if isinstance(value, Mapping):
            return {str(k) for k in value}
        return {str(v) for v in value or ()} | ({"default"} if value is None else set())
    names = set()
    for item in value or ():
        if isinstance(item, str):
            names.add(item.split(":", 1)[0] if section == "volumes" else item)
        elif isinstance(item, Mapping) and item.get("source") is not None:
            if section != "volumes" or item.get("type", "volume") == "volume":
                names.add(str(item["source"]))
    return names


def _changed_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    keys = sorted((set(old) | set(new)) - _NOT_CONTAINER)
    return tuple(k for k in keys if _canon(old.get(k)) != _canon(new.get(k)))


def diff_stacks(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    present: Iterable[str],
    selected: Iterable[str] = (),
) -> StackChange:
    """How to go from the stack document `old` to `new` (both as Compose reads them).

    `present`: the Compose services that have containers now (a service never started, for
    instance one in a profile that was not asked for, is left alone); `selected`: the devenv
    services `up` was started with (empty: all).
    """
    olds: Mapping[str, Any] = old.get("services") or {}
    news: Mapping[str, Any] = new.get("services") or {}
    have = set(present)
    chosen = set(selected)

    def wanted(name: str) -> bool:
        return not chosen or _owner(name) in chosen

    sections = {
        s: {
            k
            for k in set(old.get(s) or {}) | set(new.get(s) or {})
            if _canon((old.get(s) or {}).get(k)) != _canon((new.get(s) or {}).get(k))
        }
        for s in _SECTIONS
    }
    keys: dict[str, list[str]] = {}
    recreate: list[str] = []
    for name, definition in news.items():
        if name not in olds or name not in have or not wanted(name):
            continue
        changed = list(_changed_keys(olds[name], definition))
        for section, entries in sections.items():
            if entries & (_refs(definition, section) | _refs(olds[name], section)):
                changed.append(section)
        if changed:
            recreate.append(name)
            keys.setdefault(_owner(name), []).extend(changed)
    # A recreated holder takes its service's network namespace along: the service follows.
    for name in list(recreate):
        owner = _owner(name)
        if owner != name and owner in news and owner in have and owner not in recreate:
            recreate.append(owner)
    start = [
        n
        for n, d in news.items()
        if n not in olds and wanted(n) and not (isinstance(d, Mapping) and d.get("profiles"))
    ]
    for name in start:
        keys.setdefault(_owner(name), [])
    remove = [n for n in olds if n not in news and n in have]
    for name in remove:
        keys.setdefault(_owner(name), [])
    return StackChange(
        recreate=_holders_first(recreate),
        start=_holders_first(start),
        remove=tuple(remove),
        keys={k: tuple(dict.fromkeys(v)) for k, v in keys.items()},
    )


# --- the effects ---------------------------------------------------------------------------


def compose_services(rows: Iterable[Mapping[str, Any]]) -> set[str]:
    """The Compose services that have containers (`containers` API rows of the project)."""
    from devenv.engine import SERVICE_LABEL

    found = (r.get("Labels", {}).get(SERVICE_LABEL) for r in rows)
    return {str(name) for name in found if name is not None}


class Applied(NamedTuple):
    """An edit that took effect: the new config, and the devenv services given new containers."""

    cfg: ProjectConfig
    renewed: tuple[str, ...]


def apply(
    cfg: ProjectConfig,
    stack: ComposeStack,
    out: Output,
    expected: Expected,
    selected: tuple[str, ...] = (),
) -> Applied | None:
    """Apply the edited devenv.yaml to the running stack, wholly: None when it did not take
    effect (the stack keeps running as it was, and the reason is said)."""
    import time

    import yaml

    from devenv import engine
    from devenv.config import load_config
    from devenv.dev import ports
    from devenv.dev import stackfile as devstack

    began = time.monotonic()
    try:
        new_cfg = load_config(cfg.path)
        if new_cfg.project != cfg.project:
            raise DevenvError(
                f"{cfg.path}: `project:` changed ({cfg.project!r} -> {new_cfg.project!r}): "
                "that is another stack; stop this `devenv up` and start it again"
            )
        unknown = [s for s in selected if s not in new_cfg.services]
        if unknown:
            raise DevenvError(
                f"{cfg.path}: service {unknown[0]!r}, which this `devenv up` was started "
                "with, is gone; stop it and start it again"
            )
        text = devstack.render_text(new_cfg)
    except DevenvError as exc:
        out.note(f"{_REFUSED}\n{exc}", "red")
        return None
    old_text = stack.file.read_text(encoding="utf-8")
    if text == old_text:  # a comment, or prod's part: say so, a fix after a refusal shows
        out.note("devenv.yaml changed: the dev stack is as it was", "dim")
        return Applied(new_cfg, ())
    rows = engine.project_containers(stack.project, running=False)
    change = diff_stacks(
        yaml.safe_load(old_text), yaml.safe_load(text), compose_services(rows), selected
    )
    if change.empty:
        devstack.write_text(stack, text)  # reload rules or Compose-only keys: nothing to recreate
        out.note("devenv.yaml changed: reload rules updated, no container changes", "dim")
        return Applied(new_cfg, ())
    owners = sorted({_owner(n) for n in change.recreate + change.start} & set(new_cfg.services))
    try:
        if engine.docker_host().startswith("unix://"):
            ports.check_free(
                new_cfg, owners, ports.published(r for r in rows if r.get("State") == "running")
            )
    except DevenvError as exc:
        out.note(f"{_REFUSED}\n{exc}", "red")
        return None
    out.note(f"devenv.yaml changed: {change.summary()}…", "dim")
    gone = [
        str(r["Id"])
        for r in rows
        if r.get("Labels", {}).get(engine.SERVICE_LABEL) in change.recreate + change.remove
    ]
    expected.expect(gone, time.monotonic())
    devstack.write_text(stack, text)
    problem = _converge(stack, change, new_cfg)
    if problem:
        # Back to the stack as it ran: the old file, and its services as they were.
        devstack.write_text(stack, old_text)
        back = StackChange(recreate=change.recreate, start=change.remove, remove=change.start)
        again = _converge(stack, back, cfg)
        tail = "" if not again else f"\nputting it back failed too:\n{again}"
        out.note(
            f"devenv.yaml not applied, the stack was put back as it was:\n{problem}{tail}", "red"
        )
        return None
    took = time.monotonic() - began
    out.note(f"devenv.yaml applied in {took:.2f} s: {change.summary(done=True)}", "green")
    renewed = {_owner(n) for n in change.recreate + change.start} & set(new_cfg.services)
    if any("ports" in change.keys.get(s, ()) for s in renewed) or change.start:
        now_running = engine.project_containers(stack.project, running=True)
        for url in ports.urls(new_cfg, now_running):
            if url.service in renewed:
                out.note(str(url), "bold")
    return Applied(new_cfg, tuple(sorted(renewed)))


def _converge(stack: ComposeStack, change: StackChange, cfg: ProjectConfig) -> str:
    """Carry `change` out; Compose's output when it failed, else ''."""
    from devenv import engine

    for cid in (c for n in change.remove for c in engine.containers(stack.project, n)):
        engine.client().api.remove_container(cid, force=True)
    built = {
        n
        for n in change.recreate + change.start
        if n in cfg.services and cfg.services[n].build is not None
    }
    rebuilt = {n for n, keys in change.keys.items() if "build" in keys}
    build = "--build" if built & rebuilt or change.start else "--no-build"
    for args in (
        ("--force-recreate", *change.recreate) if change.recreate else (),
        tuple(change.start),
    ):
        if not args:
            continue
        up = engine.compose(stack, "up", "-d", "--no-deps", build, *args, capture=True)
        if up.returncode != 0:
            return up.stdout.strip()[-2000:]
    return ""
