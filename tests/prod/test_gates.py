from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.config import load_config
from devenv.errors import DevenvError
from devenv.prod import gates
from devenv.prod.releases import Gate
from devenv.render import render_prod

CONFIG = "project: app\nservices:\n  web:\n    build: {context: app}\n"
DOCKERFILE = "FROM devenv-test/busybox:1.35\nCOPY . /srv\n"


def git(root: Path, *args: str) -> None:
    base = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*base, *args], check=True, capture_output=True)


@pytest.fixture
def repo(write_config: Callable[..., Path]) -> Path:
    path = write_config(CONFIG, **{"app__Dockerfile": DOCKERFILE, "app__index.html": "hi"})
    git(path.parent, "init", "-q")
    git(path.parent, "add", ".")
    git(path.parent, "commit", "-qm", "x")
    return path


def test_clean_tree_passes_and_a_change_fails(repo: Path) -> None:
    cfg = load_config(repo)
    check = gates.clean_tree_gate(cfg, [repo.parent / "app"], allow_dirty=False)
    assert check() == "the build contexts are committed"
    (repo.parent / "app" / "index.html").write_text("changed")
    (repo.parent / "app" / "new.txt").write_text("untracked")
    with pytest.raises(DevenvError, match="uncommitted changes in what the images are built from"):
        check()
    allowed = gates.clean_tree_gate(cfg, [repo.parent / "app"], allow_dirty=True)()
    assert allowed == "--allow-dirty: built with uncommitted changes in app/index.html, app/new.txt"
    assert gates.uncommitted(repo.parent, [repo.parent / "app"]) == [
        "app/index.html",
        "app/new.txt",
    ]


def test_change_outside_the_build_contexts_does_not_count(repo: Path) -> None:
    (repo.parent / "NOTES.md").write_text("draft")
    assert gates.uncommitted(repo.parent, [repo.parent / "app"]) == []


def test_outside_git_only_allow_dirty_passes(write_config: Callable[..., Path]) -> None:
    # Issue 14 item 8: a --tag used to pass this gate; it names a build, proves nothing.
    cfg = load_config(write_config(CONFIG))  # not a git repository
    with pytest.raises(DevenvError) as err:
        gates.clean_tree_gate(cfg, [cfg.root], allow_dirty=False)()
    assert "is not in a git repository" in err.value.message
    assert "commit the project to git, or pass --allow-dirty" in err.value.message
    passed = gates.clean_tree_gate(cfg, [cfg.root], allow_dirty=True)()
    assert passed == f"--allow-dirty: {cfg.root.absolute()} is not in a git repository"


def test_lint_gate_fails_on_errors_only(write_config: Callable[..., Path]) -> None:
    ok = load_config(write_config(CONFIG, **{"app__Dockerfile": DOCKERFILE}))
    assert gates.lint_findings(ok, render_prod(ok, ok.root, "v1")) == []
    bad_text = CONFIG + "lint:\n  override: {error: [DL3007]}\n"
    bad = load_config(write_config(bad_text, **{"app__Dockerfile": "FROM busybox:latest\n"}))
    found = gates.lint_findings(bad, render_prod(bad, bad.root, "v1"))
    assert len(found) == 1
    assert found[0].endswith(
        "app/Dockerfile:1:6: [error] DL3007 Using latest is prone to errors "
        "if the image will ever update. Pin the version explicitly to a "
        "release tag"
    )
    gate = gates.guarded("lint", gates.lint_gate(bad, render_prod(bad, bad.root, "v1")))
    assert not gate.ok
    assert gate.detail.startswith("1 lint error(s); fix them first:\n    ")


def test_ntp_gate_needs_servers(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config(CONFIG))
    gate = gates.guarded("ntp", gates.ntp_gate(cfg, engine=False))
    assert not gate.ok
    assert "no `ntp.servers` in devenv.yaml" in gate.detail


NTP = CONFIG + "ntp: {servers: ['127.0.0.1:11123'], node_image: 'registry.local/busybox:1'}\n"


@pytest.mark.parametrize(("nodes", "read"), [(3, True), (2, True), (1, False), (None, False)])
def test_ntp_gate_reads_the_nodes_of_a_multi_node_swarm(
    write_config: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    nodes: int | None,
    read: bool,
) -> None:
    from devenv.clock import report

    asked: list[report.Options] = []
    node = report.Check("node:n1", "s", 1.0, None, None, True, None, "", bound_ms=4.5)
    host = report.Check("host", "s", 1.0, 0.2, 2, True, None)

    def check_clocks(opts: report.Options) -> report.Report:
        asked.append(opts)
        return report.Report(100.0, (host, node) if opts.nodes else (host,))

    monkeypatch.setattr(report, "check_clocks", check_clocks)
    cfg = load_config(write_config(NTP))
    detail = gates.ntp_gate(cfg, engine=True, nodes=lambda: nodes)()
    [opts] = asked
    assert (opts.nodes, opts.node_image) == (read, "registry.local/busybox:1")
    assert (opts.timeout, opts.nodes_timeout) == (gates.NTP_TIMEOUT, gates.NODES_TIMEOUT)
    suffix = " (1 swarm node read, each within ±4.5 ms)" if read else ""
    assert detail == "clocks within 100 ms of 127.0.0.1:11123" + suffix


def test_report_prints_each_line() -> None:
    said: list[str] = []
    gates.report(Gate("lint", False, "2 errors\n  a\n  b"), said.append)
    gates.report(Gate("tree", True, "clean"), said.append)
    assert said == ["gate lint: FAILED: 2 errors", "    a", "    b", "gate tree: ok: clean"]


DATA = CONFIG + "    data: [/var/lib/web]\n    prod: {replicas: 2}\n"


@pytest.mark.parametrize(("nodes", "shown"), [(3, True), (1, False), (None, False)])
def test_lint_gate_shows_dv212_for_the_swarm_it_deploys_to(
    write_config: Callable[..., Path], nodes: int | None, shown: bool
) -> None:
    cfg = load_config(write_config(DATA, **{"app__Dockerfile": DOCKERFILE}))
    gate = gates.guarded(
        "lint", gates.lint_gate(cfg, render_prod(cfg, cfg.root, "v1"), lambda: nodes)
    )
    assert gate.ok, gate.detail  # a warning: shown, not blocking
    first, *rest = gate.detail.splitlines()
    if shown:
        assert first.endswith("production stack; 1 about the target:")
        assert rest == [
            f"{cfg.path}:5:12: [warning] DV212 service web: 2 replicas on a swarm of 3 nodes "
            "each write their own copy of local volume web-var-lib-web, so the data is not shared: "
            "pin it to one node with a placement constraint, use a volume driver that shares "
            "data, or keep the state in an external database"
        ]
    else:
        assert rest == []
