from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from devenv.config import ProjectConfig, load_config
from devenv.errors import DevenvError
from devenv.prod import images, promote, tags, targets
from devenv.prod.contract import DeployFailed
from devenv.prod.lock import parse
from devenv.prod.promote import Options, unpinned
from devenv.prod.registry import Manifest
from devenv.prod.releases import DirStore, Gate, Release
from tests.prod.lockfake import MemoryBackend

CONFIG = """\
project: shop
registry: 127.0.0.1:5000
services:
  web:
    build: {context: ., target: prod}
  cache:
    image: 127.0.0.1:5000/lib/redis:7
"""
D1, D2, D3 = ("sha256:" + c * 64 for c in "123")


@dataclass
class FakeTarget:
    folder: Path
    kind: str = "swarm"
    stack: str = "shop"
    fail_on: set[str] = field(default_factory=set)
    deployed: list[dict[str, str]] = field(default_factory=list)
    lock: MemoryBackend = field(default_factory=MemoryBackend)
    # What each build of web makes (its registry digest once pushed), and the registry.
    builds: list[str] = field(default_factory=lambda: [D1, D2, D3])
    registry: dict[str, Manifest] = field(default_factory=dict)

    nodes_: int | None = 1

    def check(self) -> str:
        return "fake manager"

    def nodes(self) -> int | None:
        return self.nodes_

    def store(self) -> DirStore:
        return DirStore(self.folder)

    def lock_backend(self) -> MemoryBackend:
        return self.lock

    def deploy(self, text: str, images: Mapping[str, str], timeout: float, say: Any) -> None:
        assert self.lock.held is not None, "deployed without holding the lock"
        self.deployed.append(dict(images))
        if any(d in ref for ref in images.values() for d in self.fail_on):
            raise DeployFailed("service web: task failed: unhealthy container\n  | last log")

    def redeploy(self, release: Release, timeout: float, say: Any) -> None:
        self.deploy(release.stack, release.images, timeout, say)

    def running(self) -> dict[str, Any]:
        return {"services": {}}


@pytest.fixture
def setup(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[ProjectConfig, FakeTarget, list[str]]:
    cfg = load_config(write_config(CONFIG))
    target = FakeTarget(tmp_path / "on-target")
    said: list[str] = []
    monkeypatch.setattr(targets, "get", lambda kind, cfg: target)
    monkeypatch.setattr(
        promote, "run_gates", lambda *a: [Gate("lint", True, "clean"), Gate("ntp", True, "ok")]
    )

    def build_and_pin(
        api: object, cfg: ProjectConfig, tag: str, say: object, guard: images.Guard
    ) -> dict[str, str]:
        digest, ref = target.builds.pop(0), f"127.0.0.1:5000/shop/web:{tag}"
        guard("web", ref, "image-" + digest)
        pushed = Manifest(digest, "image-" + digest)
        target.registry[ref] = target.registry[f"127.0.0.1:5000/shop/web@{digest}"] = pushed
        return {"web": digest, "cache": D3}

    monkeypatch.setattr(images, "build_and_pin", build_and_pin)
    monkeypatch.setattr(promote, "_registry_lookup", lambda: target.registry.get)
    monkeypatch.setattr("devenv.engine.client", lambda: None)
    return cfg, target, said


def run(cfg: ProjectConfig, said: list[str], tag: str, **kw: Any) -> int:
    return promote.promote(cfg, Options(tag=tag, yes=True, **kw), said.append, lambda q: True)


def test_promote_records_a_pinned_release(
    setup: tuple[ProjectConfig, FakeTarget, list[str]],
) -> None:
    cfg, target, said = setup
    assert run(cfg, said, "v1") == 0
    [release] = target.store().list()
    assert release.number == 1
    assert release.images == {
        "web": f"127.0.0.1:5000/shop/web:v1@{D1}",
        "cache": f"127.0.0.1:5000/lib/redis:7@{D3}",
    }
    assert release.gates[0] == Gate("lint", True, "clean")
    assert release.outcome == "deployed"
    assert f"image: 127.0.0.1:5000/shop/web:v1@{D1}" in release.stack.replace('"', "")
    assert target.lock.held is None  # released
    holder = parse(target.lock.seen[0])
    assert holder is not None
    assert holder.what == "promote v1"
    mirrored = DirStore(cfg.root / ".devenv" / "releases").list()
    assert mirrored == [release]
    assert said[-1] == "release 1 (v1) is live on swarm stack shop"


def test_a_tag_never_moves_to_other_content(
    setup: tuple[ProjectConfig, FakeTarget, list[str]],
) -> None:
    # Issue 14 item 8: `promote --tag v1` with new content silently overwrote v1.
    cfg, target, said = setup
    assert run(cfg, said, "v1") == 0
    with pytest.raises(DevenvError) as err:
        run(cfg, said, "v1")
    assert err.value.exit_code == 1
    assert f"127.0.0.1:5000/shop/web:v1 already names another image ({D1})" in err.value.message
    assert "held by release 1 (deployed " in err.value.message
    assert "--force-retag" in err.value.message
    assert [d["web"] for d in target.deployed] == [f"127.0.0.1:5000/shop/web:v1@{D1}"]
    assert [r.number for r in target.store().list()] == [1]
    assert target.lock.held is None


def test_a_tag_the_registry_has_from_elsewhere_is_refused(
    setup: tuple[ProjectConfig, FakeTarget, list[str]],
) -> None:
    cfg, target, said = setup
    target.registry["127.0.0.1:5000/shop/web:v1"] = Manifest(D3, "image-other")
    with pytest.raises(DevenvError, match=r"held by the registry \(no release of this stack"):
        run(cfg, said, "v1")
    assert target.deployed == []


def test_the_same_content_under_its_tag_goes_through(
    setup: tuple[ProjectConfig, FakeTarget, list[str]],
) -> None:
    # A promote rerun after a kill builds the same image again: not a retag.
    cfg, target, said = setup
    target.builds = [D1, D1]
    assert run(cfg, said, "v1") == 0
    assert run(cfg, said, "v1") == 0
    assert target.store().list()[1].gates[-1] == Gate("tag", True, "v1 names no other image")


def test_force_retag_moves_the_tag_and_is_recorded(
    setup: tuple[ProjectConfig, FakeTarget, list[str]],
) -> None:
    cfg, target, said = setup
    assert run(cfg, said, "v1") == 0
    assert run(cfg, said, "v1", force_retag=True) == 0
    second = target.store().list()[1]
    assert second.images["web"] == f"127.0.0.1:5000/shop/web:v1@{D2}"
    gate = second.gates[-1]
    assert gate.name == "tag"
    assert gate.detail.startswith(f"--force-retag: moved v1: web from {D1} (release 1 (deployed")
    assert f"gate tag: ok: {gate.detail}" in said


def test_failed_deploy_returns_to_the_previous_release(
    setup: tuple[ProjectConfig, FakeTarget, list[str]],
) -> None:
    cfg, target, said = setup
    assert run(cfg, said, "v1") == 0
    target.fail_on = {D2}
    assert run(cfg, said, "v2") == 1
    assert [d["web"].rsplit("@")[1] for d in target.deployed] == [D1, D2, D1]
    history = target.store().list()
    assert [(r.number, r.outcome) for r in history] == [(1, "deployed"), (2, "failed")]
    assert history[1].detail == "service web: task failed: unhealthy container"
    assert "release 2 FAILED:\nservice web: task failed: unhealthy container\n  | last log" in said
    assert said[-1] == "back on release 1 (v1)"
    assert target.lock.held is None


def test_first_release_failing_leaves_the_stack_for_inspection(
    setup: tuple[ProjectConfig, FakeTarget, list[str]],
) -> None:
    cfg, target, said = setup
    target.fail_on = {D1}
    assert run(cfg, said, "v1") == 1
    assert said[-1].startswith("no earlier release to return to")


def test_failed_gate_stops_before_anything_is_built(
    setup: tuple[ProjectConfig, FakeTarget, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg, target, said = setup
    monkeypatch.setattr(promote, "run_gates", lambda *a: [Gate("ntp", False, "no answer")])
    monkeypatch.setattr(images, "build_and_pin", pytest.fail)
    assert run(cfg, said, "v1") == 1
    assert target.deployed == []
    assert target.lock.seen == []
    assert said == ["promote stopped at the gates (ntp): nothing was built or deployed"]


def test_unpinned_image_is_refused(
    setup: tuple[ProjectConfig, FakeTarget, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg, target, said = setup
    monkeypatch.setattr(images, "build_and_pin", lambda *a: {"web": D1})
    with pytest.raises(DevenvError, match="refusing a stack with unpinned images: cache"):
        run(cfg, said, "v1")
    assert target.deployed == []
    assert target.lock.held is None


def test_dry_run_builds_and_deploys_nothing(
    setup: tuple[ProjectConfig, FakeTarget, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg, target, said = setup
    monkeypatch.setattr(images, "build_and_pin", pytest.fail)
    assert run(cfg, said, "v1", dry_run=True) == 0
    assert target.deployed == []
    assert target.lock.seen == []
    text = "\n".join(said)
    assert "image: 127.0.0.1:5000/shop/web:v1" in text.replace('"', "")
    assert "web:\n  only in promote" in text


def test_rollback_redeploys_and_records(setup: tuple[ProjectConfig, FakeTarget, list[str]]) -> None:
    cfg, target, said = setup
    run(cfg, said, "v1")
    run(cfg, said, "v2")
    opts = Options(yes=True)
    assert promote.rollback(cfg, None, opts, said.append, lambda q: True) == 0
    last = target.store().list()[-1]
    assert (last.number, last.kind, last.rollback_of, last.tag) == (3, "rollback", 1, "v1")
    assert target.deployed[-1]["web"].endswith(D1)


def test_not_confirmed_deploys_nothing(setup: tuple[ProjectConfig, FakeTarget, list[str]]) -> None:
    cfg, target, said = setup
    with pytest.raises(DevenvError, match="not confirmed"):
        promote.promote(cfg, Options(tag="v1"), said.append, lambda q: False)
    assert target.deployed == []


@pytest.mark.parametrize(
    ("images_", "loose"),
    [
        ({"a": "r/a:1@sha256:" + "0" * 64}, []),
        ({"a": "r/a:1"}, ["a"]),
        ({"a": "r/a:1@sha256:abc"}, ["a"]),
        ({"a": "r/a@sha256:" + "0" * 64, "b": "nginx:latest"}, ["b"]),
    ],
)
def test_unpinned(images_: dict[str, str], loose: list[str]) -> None:
    stack = {"services": {name: {"image": ref} for name, ref in images_.items()}}
    assert unpinned(stack) == loose


@pytest.mark.parametrize("tag", ["latest", "-x", ".x", "a" * 129, "a b"])
def test_bad_tags(tag: str) -> None:
    with pytest.raises(DevenvError, match="--tag"):
        tags.check_tag(tag)


def test_interrupted_deploy_says_what_state_the_stack_is_in(
    setup: tuple[ProjectConfig, FakeTarget, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 14 item 10: SIGTERM (raised as KeyboardInterrupt) mid-deploy ended in silence.
    cfg, target, said = setup
    assert run(cfg, said, "v1") == 0
    original = target.deploy

    def deploy(*args: Any) -> None:
        original(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(target, "deploy", deploy)
    with pytest.raises(KeyboardInterrupt):
        run(cfg, said, "v2")
    note = said[-1]
    assert note.startswith("interrupted during the deploy of release 2 (v2) to swarm stack shop")
    assert "services may run release 2 (v2) or the release before" in note
    assert "Release 2 (v2) was not recorded and the lock is released" in note
    assert "rerun `devenv promote --tag v2`" in note
    assert "`devenv rollback --to 1`" in note
    assert [r.number for r in target.store().list()] == [1]
    assert target.lock.held is None


def test_interrupted_build_says_nothing_was_deployed(
    setup: tuple[ProjectConfig, FakeTarget, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg, target, said = setup

    def build_and_pin(*args: Any) -> dict[str, str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(images, "build_and_pin", build_and_pin)
    with pytest.raises(KeyboardInterrupt):
        run(cfg, said, "v1")
    assert said[-1] == (
        "interrupted while building and pushing: nothing was deployed; the stack was not touched"
    )
    assert target.deployed == []
    assert target.lock.held is None
