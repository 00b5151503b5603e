from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import pytest

from devenv.config import Service, load_config, split_mount, unmounted_reload_paths
from devenv.config.mounts import bind_sources, glob_folder
from devenv.config.schema import Dev, ReloadRule
from devenv.dev.plan import glob_regex

ROOT = PurePath("/proj")


@pytest.mark.parametrize(
    ("mount", "expected"),
    [
        ("./src:/app", ("./src", "/app", None)),
        ("./src:/app:ro", ("./src", "/app", "ro")),
        ("/abs/src:/app:rw", ("/abs/src", "/app", "rw")),
        ("src:/app", ("src", "/app", None)),
    ],
)
def test_split_mount(mount: str, expected: tuple[str, str, str | None]) -> None:
    assert split_mount(mount) == expected


GLOB_FOLDERS = [
    ("src/app.py", "src/app.py"),
    ("src/**", "src"),
    ("src/**/*.py", "src"),
    ("./src/*.py", "src"),
    ("././src/x", "src/x"),
    ("src/", "src"),
    ("/src/x", "src/x"),  # plan.glob_regex reads a leading / as the config's folder too
    (" src/x ", "src/x"),
    ("src//lib/*.py", "src/lib"),
    ("src/ap*/x", "src"),
    ("src/a?.py", "src"),
    ("src/[ab].py", "src"),
    ("src*", ""),
    ("*.py", ""),
    ("**", ""),
    ("**/*.py", ""),
    ("", ""),
    (".", ""),
    ("./", ""),
    ("src/../lib/x", "lib/x"),
    ("src/..", ""),
    ("../shared/**", "../shared"),
    ("a/b/../../../c/*", "../c"),
]


@pytest.mark.parametrize(("pattern", "expected"), GLOB_FOLDERS)
def test_glob_folder(pattern: str, expected: str) -> None:
    assert glob_folder(pattern) == expected


SAMPLE_PATHS = [
    "src",
    "src/app.py",
    "src/lib/x.py",
    "src/apx/x",
    "src/x",
    "conf/x",
    "../shared/a",
    "src/ab.py",
    "src/a.py",
    "srcx/y",
    "lib/x",
    "lib/x/y",
    "app.py",
    "deep/er/a.py",
]


@pytest.mark.parametrize("pattern", [g[0] for g in GLOB_FOLDERS])
def test_the_folder_holds_all_the_planner_matches(pattern: str) -> None:
    # The planner (devenv.dev.plan) decides what a rule reacts to: each path it matches
    # must lie in the folder this module checks against the mounts, or a glob the planner
    # reads differently would be judged on the wrong folder.
    folder = glob_folder(pattern)
    matched = [p for p in SAMPLE_PATHS if glob_regex(pattern).fullmatch(p)]
    outside = [p for p in matched if folder and p != folder and not p.startswith(folder + "/")]
    assert outside == []


def _svc(
    mounts: list[str],
    rules: list[tuple[list[str], str]],
    **keys: Any,
) -> Service:
    reload = [
        ReloadRule(paths=paths, action=action, exec="x" if action == "exec" else None)  # type: ignore[arg-type]
        for paths, action in rules
    ]
    dev_compose = keys.pop("dev_compose", {})
    return Service(image="x:1", dev=Dev(mounts=mounts, reload=reload, compose=dev_compose), **keys)


def _unmounted(svc: Service, root: PurePath = ROOT) -> list[tuple[int, tuple[str, ...]]]:
    return [(u.rule_index, u.paths) for u in unmounted_reload_paths(svc, root)]


CASES: list[tuple[Service, list[tuple[int, tuple[str, ...]]]]] = [
    # not reported
    (_svc([], []), []),
    (_svc(["./src:/app"], [(["src/app.py"], "restart")]), []),
    (_svc(["./src:/app"], [(["src/**"], "restart")]), []),
    (_svc(["./src:/app"], [(["src/**/*.py"], "exec")]), []),
    (_svc(["./src:/app"], [(["src"], "restart")]), []),
    (_svc(["./src:/app"], [(["src/"], "restart")]), []),
    (_svc(["./src/:/app"], [(["src/x"], "restart")]), []),
    (_svc(["src:/app"], [(["src/x"], "restart")]), []),  # render binds ./src
    (_svc(["./src:/app"], [(["./src/x"], "restart")]), []),
    (_svc(["./src:/app:ro"], [(["src/x"], "restart")]), []),
    (_svc(["./src/app:/app"], [(["src/**"], "restart")]), []),  # mount inside the glob
    (_svc(["./src/app:/app"], [(["**"], "restart")]), []),
    (_svc(["./src:/app"], [(["*.py"], "restart")]), []),  # root: the mount is inside
    (_svc([".:/app"], [(["conf/x.ini"], "restart")]), []),
    (_svc(["./:/app"], [(["conf/x.ini"], "restart")]), []),
    (_svc(["/proj/src:/app"], [(["src/x"], "restart")]), []),  # absolute source
    (_svc(["/proj:/app"], [(["a/b/c"], "exec")]), []),
    (_svc(["./src:/app"], [(["lib/../src/x"], "restart")]), []),
    (_svc(["./lib/../src:/app"], [(["src/x"], "restart")]), []),
    (_svc(["../shared:/shared"], [(["../shared/**"], "restart")]), []),
    (_svc(["./src:/app"], [(["conf/x"], "sync")]), []),
    (_svc(["./src:/app"], [(["conf/x"], "rebuild")]), []),
    (_svc([], [(["conf/x"], "rebuild"), (["src/**"], "sync")]), []),
    (_svc(["./a:/a", "./b:/b"], [(["b/x", "a/y"], "restart")]), []),
    (_svc([], [(["conf/x"], "restart")], compose={"volumes": ["./conf:/c"]}), []),
    (_svc([], [(["conf/x"], "restart")], dev_compose={"volumes": ["../proj/conf:/c"]}), []),
    (
        _svc(
            [],
            [(["conf/x"], "restart")],
            dev_compose={"volumes": [{"type": "bind", "source": "./conf", "target": "/c"}]},
        ),
        [],
    ),
    (_svc([], [(["conf/x"], "restart")], compose={"volumes": ["~/conf:/c"]}), []),
    # reported
    (_svc([], [(["src/**"], "restart")]), [(0, ("src/**",))]),
    (_svc(["./src:/app"], [(["conf/*.ini"], "exec")]), [(0, ("conf/*.ini",))]),
    (_svc(["./src:/app"], [(["srcx/y"], "restart")]), [(0, ("srcx/y",))]),  # not by letters
    (_svc(["./src/app:/app"], [(["src/lib/**"], "restart")]), [(0, ("src/lib/**",))]),
    (
        _svc(["./src:/app"], [(["src/x", "conf/y", "lib/**"], "restart")]),
        [(0, ("conf/y", "lib/**"))],
    ),
    (
        _svc(
            ["./src:/app"], [(["conf/x"], "rebuild"), (["lib/x"], "restart"), (["etc/*"], "exec")]
        ),
        [(1, ("lib/x",)), (2, ("etc/*",))],
    ),
    (_svc(["/elsewhere/src:/app"], [(["src/x"], "restart")]), [(0, ("src/x",))]),
    (_svc(["../src:/app"], [(["src/x"], "restart")]), [(0, ("src/x",))]),
    (_svc(["./src:/app"], [(["../src/x"], "restart")]), [(0, ("../src/x",))]),
    # a named volume is no bind mount, in `volumes:` or under `compose:`
    (_svc([], [(["src/x"], "restart")], volumes=["src:/app"]), [(0, ("src/x",))]),
    (_svc([], [(["src/x"], "restart")], compose={"volumes": ["src:/app"]}), [(0, ("src/x",))]),
    (
        _svc(
            [],
            [(["src/x"], "restart")],
            compose={"volumes": [{"type": "volume", "source": "src", "target": "/a"}]},
        ),
        [(0, ("src/x",))],
    ),
]


@pytest.mark.parametrize(("svc", "expected"), CASES)
def test_unmounted_reload_paths(svc: Service, expected: list[tuple[int, tuple[str, ...]]]) -> None:
    assert _unmounted(svc) == expected


def test_the_rule_comes_back_as_configured() -> None:
    svc = _svc([], [(["conf/x"], "exec")])
    (found,) = unmounted_reload_paths(svc, ROOT)
    assert found.rule is svc.dev.reload[0]


def test_a_relative_root_is_read_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    svc = _svc([f"{tmp_path}/proj/src:/app"], [(["src/x"], "restart")])
    assert _unmounted(svc, PurePath("proj")) == []
    assert _unmounted(svc, PurePath("other")) == [(0, ("src/x",))]


def test_bind_sources() -> None:
    svc = _svc(
        ["./src:/a", "/abs/x/:/b", "lib/../etc:/c"],
        [],
        volumes=["data:/d"],
        compose={
            "volumes": ["./c:/c", "named:/n", {"type": "bind", "source": "/b", "target": "/b"}]
        },
    )
    assert bind_sources(svc, ROOT) == ("/proj/src", "/abs/x", "/proj/etc", "/proj/c", "/b")


def test_on_a_loaded_config(write_config: Callable[..., Path]) -> None:
    text = (
        "project: p\nservices:\n  api:\n    image: x:1\n    dev:\n"
        "      mounts: ['./src:/app/src']\n"
        "      reload:\n"
        "        - {paths: ['src/**'], action: restart}\n"
        "        - {paths: ['conf/*.ini', 'src/x'], action: exec, exec: kill -HUP 1}\n"
        "  db:\n    image: postgres:16\n"
    )
    cfg = load_config(write_config(text), env={})
    assert _unmounted(cfg.services["api"], cfg.root) == [(1, ("conf/*.ini",))]
    assert _unmounted(cfg.services["db"], cfg.root) == []
