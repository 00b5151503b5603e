"""devenv's reload rules as Compose's develop.watch: what is written, and what must not be."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from devenv.config import Service
from devenv.dev import plan
from devenv.renderwatch import COVERS, NOISE_DIRS, UNSAYABLE, Reach, reach, segments, watch

NOISE = [f"**/{d}" for d in NOISE_DIRS]


def _service(
    reload: list[dict[str, Any]], ignore: list[str] | None = None, *, built: bool = True
) -> Service:
    data: dict[str, Any] = {"dev": {"reload": reload, "ignore": ignore or []}}
    data.update({"build": {"context": "."}} if built else {"image": "busybox"})
    return msgspec.convert(data, Service)


def _place(path: str) -> str:
    return path if path == "." else f"./{path}"


def _restart(*paths: str) -> dict[str, Any]:
    return {"paths": list(paths), "action": "restart"}


def _sync(*paths: str, source: str = ".", target: str = "/app") -> dict[str, Any]:
    return {"paths": list(paths), "action": "sync", "source": source, "target": target}


def _exec(*paths: str, command: str = "kill -HUP 1") -> dict[str, Any]:
    return {"paths": list(paths), "action": "exec", "exec": command}


def _rebuild(*paths: str) -> dict[str, Any]:
    return {"paths": list(paths), "action": "rebuild"}


def _synced(path: str, target: str, action: str = "sync", **more: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": path, "action": action, "target": target, **more}
    entry.setdefault("ignore", NOISE)
    if not entry["ignore"]:
        entry.pop("ignore")
    return {**entry, "initial_sync": True}


WRITTEN = [
    (
        "a folder glob",
        [_restart("src/**")],
        None,
        [{"path": "./src", "action": "restart", "ignore": NOISE}],
    ),
    (
        "a path as written (file or folder)",
        [_restart("src")],
        None,
        [{"path": "./src", "action": "restart"}],
    ),
    (
        "src/* and src/**/* name the folder",
        [_restart("src/*", "lib/**/*")],
        None,
        [
            {"path": "./src", "action": "restart", "ignore": NOISE},
            {"path": "./lib", "action": "restart", "ignore": NOISE},
        ],
    ),
    (
        "the whole project",
        [_restart("**")],
        None,
        [{"path": ".", "action": "restart", "ignore": NOISE}],
    ),
    (
        "a rebuild of a file",
        [_rebuild("./Dockerfile")],
        None,
        [{"path": "./Dockerfile", "action": "rebuild"}],
    ),
    ("sync", [_sync("src/**", source="src")], None, [_synced("./src", "/app")]),
    (
        "sync and restart of the same paths",
        [_sync("src/**", source="src"), _restart("src/**")],
        None,
        [_synced("./src", "/app", "sync+restart")],
    ),
    (
        "restart first, then sync: the same",
        [_restart("src/**"), _sync("src/**", source="src")],
        None,
        [_synced("./src", "/app", "sync+restart")],
    ),
    (
        "sync and exec of the same paths",
        [_sync("s/**", source="s"), _exec("s/**")],
        None,
        [_synced("./s", "/app", "sync+exec", exec={"command": ["kill", "-HUP", "1"]})],
    ),
    (
        "an exec command split as devenv splits it",
        [_sync("s/**", source="s"), _exec("s/**", command="sh -c 'kill -HUP 1'")],
        None,
        [_synced("./s", "/app", "sync+exec", exec={"command": ["sh", "-c", "kill -HUP 1"]})],
    ),
    (
        "a glob inside the sync source: the target follows",
        [_sync("src/static/**", source="src")],
        None,
        [_synced("./src/static", "/app/static")],
    ),
    (
        "a glob around the sync source: only the source syncs",
        [_sync("**", source="static", target="/srv")],
        None,
        [_synced("./static", "/srv")],
    ),
    (
        "sync+restart outside its source: only the restart",
        [_sync("conf/**", source="src"), _restart("conf/**")],
        None,
        [{"path": "./conf", "action": "restart", "ignore": NOISE}],
    ),
    (
        "a rebuild supersedes what joins it",
        [_rebuild("req.txt"), _restart("req.txt")],
        None,
        [{"path": "./req.txt", "action": "rebuild"}],
    ),
    (
        "an earlier rule's folder is ignored by a later entry",
        [_restart("src/templates/**"), _sync("src/**", source="src")],
        None,
        [
            {"path": "./src/templates", "action": "restart", "ignore": NOISE},
            _synced("./src", "/app", ignore=["templates/**", *NOISE]),
        ],
    ),
    (
        "an earlier rule left out still takes its files",
        [_restart("src/**/*.py"), _sync("src/**", source="src")],
        None,
        [_synced("./src", "/app", ignore=["**/*.py", *NOISE])],
    ),
    (
        "an earlier glob crossing the entry's path: both readings",
        [_restart("**/x/*.py"), _restart("src/x/**")],
        None,
        [{"path": "./src/x", "action": "restart", "ignore": ["*.py", "**/x/*.py", *NOISE]}],
    ),
    (
        "dev.ignore inside the path, relative to it; one outside it left alone",
        [_restart("src/**")],
        ["src/generated/**", "*.log", "docs/[ab]*"],
        [{"path": "./src", "action": "restart", "ignore": ["generated/**", *NOISE]}],
    ),
    (
        "dev.ignore anywhere",
        [_restart("src/**")],
        ["**/*.log"],
        [{"path": "./src", "action": "restart", "ignore": ["**/*.log", *NOISE]}],
    ),
    (
        "a folder ignore keeps its slash",
        [_sync("web/**", source="web")],
        ["web/tmp/"],
        [_synced("./web", "/app", ignore=["tmp/", *NOISE])],
    ),
    (
        "each glob of a rule is an entry",
        [_restart("src/**", "settings.toml")],
        None,
        [
            {"path": "./src", "action": "restart", "ignore": NOISE},
            {"path": "./settings.toml", "action": "restart"},
        ],
    ),
    (
        "a rule an earlier one covers is left out",
        [_restart("src/**"), _sync("src/static/**")],
        None,
        [{"path": "./src", "action": "restart", "ignore": NOISE}],
    ),
    (
        "a glob its own rule already covers is not repeated",
        [_restart("src/**", "src/api/**")],
        None,
        [{"path": "./src", "action": "restart", "ignore": NOISE}],
    ),
]

LEFT_OUT = [
    ("a glob that names no path", [_restart("src/*.py")], None),
    ("a glob anywhere", [_restart("**/*.css")], None),
    ("exec alone: Compose execs only after a sync", [_exec("src/**")], None),
    ("exec and restart", [_exec("src/**"), _restart("src/**")], None),
    ("sync, exec and restart", [_sync("s/**", source="s"), _exec("s/**"), _restart("s/**")], None),
    (
        "two syncs of the same paths",
        [_sync("s/**", source="s"), _sync("s/**", source="s", target="/b")],
        None,
    ),
    (
        "two execs with a sync",
        [_sync("s/**", source="s"), _exec("s/**"), _exec("s/**", command="true")],
        None,
    ),
    (
        "an exec command that does not split",
        [_sync("s/**", source="s"), _exec("s/**", command="'")],
        None,
    ),
    ("a path dev.ignore covers", [_restart("src/**")], ["src"]),
    ("an ignore Compose cannot say", [_restart("src/**")], ["src/[ab]*"]),
    ("an earlier glob Compose cannot say", [_restart("src/a**"), _restart("src/**")], None),
    ("a path in a noise folder", [_restart("node_modules/**"), _restart("web/.git/x")], None),
    ("a path outside the project", [_restart("../shared/**")], None),
    (
        "a glob around the source, with a restart",
        [_sync("**", source="static"), _restart("**")],
        None,
    ),
    ("sync+exec outside the source", [_sync("conf/**", source="src"), _exec("conf/**")], None),
    ("a sync of a folder that is not the source's", [_sync("docs/**", source="src")], None),
]


@pytest.mark.parametrize(
    ("rules", "ignore", "expected"),
    [pytest.param(r, i, e, id=name) for name, r, i, e in WRITTEN],
)
def test_written(
    rules: list[dict[str, Any]], ignore: list[str] | None, expected: list[dict[str, Any]]
) -> None:
    assert watch(_service(rules, ignore), _place) == expected


@pytest.mark.parametrize(
    ("rules", "ignore"), [pytest.param(r, i, id=name) for name, r, i in LEFT_OUT]
)
def test_left_out(rules: list[dict[str, Any]], ignore: list[str] | None) -> None:
    assert watch(_service(rules, ignore), _place) == []


def test_a_rebuild_needs_a_build() -> None:
    assert watch(_service([_rebuild("Dockerfile")], built=False), _place) == []
    assert watch(_service([_restart("conf/**")], built=False), _place) != []


@pytest.mark.parametrize(
    ("glob", "folder", "expected"),
    [
        ("src", "src", COVERS),
        ("src", "src/a", COVERS),
        ("src/**", "src/a", COVERS),
        ("**", "src", COVERS),
        ("**/*", "src", COVERS),
        ("src/a", "src", Reach(patterns=("a",))),
        ("src/*.py", "src", Reach(patterns=("*.py",))),
        ("*/static", "src", Reach(patterns=("static",))),
        ("**/*.py", "src", Reach(patterns=("**/*.py",))),
        ("**/src", "app/src/x", COVERS),
        ("**/*.py", "a.py", COVERS),
        ("lib", "src", Reach()),
        ("src/*.py", "lib", Reach()),
        ("*.log", "src", Reach()),
        ("src/[ab]", "src", UNSAYABLE),
        ("src/a**", "src", UNSAYABLE),
        ("src/!a", "src", UNSAYABLE),
        ("docs/[ab]", "src", Reach()),
    ],
)
def test_reach(glob: str, folder: str, expected: Reach) -> None:
    assert reach(segments(glob), segments(folder)) == expected


def test_the_noise_is_the_planners() -> None:
    assert set(NOISE_DIRS) == plan.NOISE_DIRS
