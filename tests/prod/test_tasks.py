from __future__ import annotations

from typing import Any

import pytest

from devenv.prod import tasks
from devenv.prod.releases import Release

D1, D2 = "sha256:" + "1" * 64, "sha256:" + "2" * 64
IMG1, IMG2 = f"r:5000/p/web:v1@{D1}", f"r:5000/p/web:v2@{D2}"


def release(number: int, image: str, kind: str = "promote") -> Release:
    return Release(
        number,
        kind,
        "v",
        {"web": image},
        "h",
        "",
        "me",
        "now",
        "deployed",  # type: ignore[arg-type]
    )


HISTORY = [release(1, IMG1), release(2, IMG2), release(3, IMG1, "rollback")]


@pytest.mark.parametrize(
    ("image", "number"),
    [(IMG1, 3), (IMG2, 2), ("r:5000/p/web:v3@sha256:" + "3" * 64, None)],
)
def test_a_task_belongs_to_the_latest_release_of_its_image(image: str, number: int | None) -> None:
    assert tasks.release_of("web", image, HISTORY) == number


def task(state: str, node: str = "n1", err: str = "") -> dict[str, Any]:
    return {
        "NodeID": node,
        "Status": {"State": state, "Err": err},
        "Spec": {"ContainerSpec": {"Image": IMG2}},
    }


@pytest.mark.parametrize(
    ("state", "checked", "health"),
    [
        ("running", True, "healthy"),
        ("starting", True, "starting"),
        ("failed", True, "failed"),
        ("running", False, None),
    ],
)
def test_health_comes_from_the_task_state_when_there_is_a_healthcheck(
    state: str, checked: bool, health: str | None
) -> None:
    got = tasks.row("web", task(state), {"n1": "host-a"}, checked, HISTORY)
    assert got == tasks.TaskRow("web", "host-a", state, health, IMG2, D2, 2, "")


def test_an_unplaced_task_says_so_with_its_error() -> None:
    got = tasks.row("web", task("pending", node="", err="no suitable node"), {}, True, [])
    assert (got.node, got.release, got.error) == ("(not placed)", None, "no suitable node")
