"""devenv.dev.reconfig.diff_stacks: which services an edit of devenv.yaml recreates (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from devenv.dev.reconfig import StackChange, diff_stacks

HOLDER = "devenv-net-web"


def stack(**services: dict[str, Any]) -> dict[str, Any]:
    return {"services": services}


WEB = {"build": {"context": ".."}, "environment": {"A": "1"}, "network_mode": f"service:{HOLDER}"}
NET = {"image": "devenv/pause:1", "ports": ["8000:8000"]}
DB = {"image": "postgres:16", "volumes": [{"type": "volume", "source": "db-data", "target": "/d"}]}
BASE = stack(web=WEB, **{HOLDER: NET}, db=DB)
ALL = {"web", HOLDER, "db"}


def edit(name: str, **keys: Any) -> dict[str, Any]:
    services = dict(BASE["services"])
    services[name] = {**services[name], **keys}
    return {"services": services}


CASES: list[tuple[str, dict[str, Any], set[str], tuple[str, ...], tuple[str, ...]]] = [
    # (what, new stack, present, selected, recreated)
    ("nothing changed", BASE, ALL, (), ()),
    ("an environment value", edit("web", environment={"A": "2"}), ALL, (), ("web",)),
    (
        "a port: the holder and its service",
        edit(HOLDER, ports=["8001:8000"]),
        ALL,
        (),
        (HOLDER, "web"),
    ),
    ("only develop: no container change", edit("web", develop={"watch": []}), ALL, (), ()),
    (
        "a service never started is left alone",
        edit("db", image="postgres:17"),
        {"web", HOLDER},
        (),
        (),
    ),
    ("up started with web only", edit("db", image="postgres:17"), ALL, ("web",), ()),
    ("the other one of two", edit("db", image="postgres:17"), ALL, (), ("db",)),
]


@pytest.mark.parametrize(
    ("new", "present", "selected", "recreated"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_recreates_exactly_the_changed_services(
    new: dict[str, Any], present: set[str], selected: tuple[str, ...], recreated: tuple[str, ...]
) -> None:
    assert diff_stacks(BASE, new, present, selected).recreate == recreated


def test_the_summary_names_services_and_keys_in_devenv_words() -> None:
    change = diff_stacks(BASE, edit(HOLDER, ports=["8001:8000"]), ALL)
    assert change.keys == {"web": ("ports",)}
    assert change.summary() == "recreating web (ports)"
    assert change.summary(done=True) == "recreated web (ports)"


def test_a_changed_top_level_entry_recreates_its_users() -> None:
    old = {**BASE, "volumes": {"db-data": {}}}
    new = {**BASE, "volumes": {"db-data": {"labels": {"x": "1"}}}}
    change = diff_stacks(old, new, ALL)
    assert change.recreate == ("db",)
    assert change.keys == {"db": ("volumes",)}


def test_added_and_removed_services() -> None:
    new = stack(web=WEB, **{HOLDER: NET}, cache={"image": "redis:7"})
    change = diff_stacks(BASE, new, ALL)
    assert change == StackChange(start=("cache",), remove=("db",), keys={"cache": (), "db": ()})
    assert change.summary() == "starting cache; removing db"


def test_a_new_service_in_a_profile_is_not_started() -> None:
    new = stack(**BASE["services"], tools={"image": "x:1", "profiles": ["tools"]})
    assert diff_stacks(BASE, new, ALL).empty
