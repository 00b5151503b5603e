from __future__ import annotations

from typing import Any

import pytest

from devenv.prod.swarm import (
    Progress,
    ServiceView,
    TaskView,
    assess,
    service_view,
    spec_key,
    task_view,
)

NEW = "r/app/web:v2@sha256:" + "2" * 64
OLD = "r/app/web:v1@sha256:" + "1" * 64
KEY_NEW = spec_key({"ContainerSpec": {"Image": NEW}})
KEY_OLD = spec_key({"ContainerSpec": {"Image": OLD}})


def svc(image: str = NEW, wanted: int = 1, **kw: Any) -> ServiceView:
    fields: dict[str, Any] = {
        "name": "app_web",
        "id": "S1",
        "image": image,
        "spec_key": spec_key({"ContainerSpec": {"Image": image}}),
        "mode": "Replicated",
        "wanted": wanted,
        "one_shot": False,
        "update_state": "",
        "update_message": "",
        **kw,
    }
    return ServiceView(**fields)


def task(
    tid: str, state: str, image: str = NEW, desired: str = "running", err: str = ""
) -> TaskView:
    key = spec_key({"ContainerSpec": {"Image": image}})
    return TaskView(tid, "S1", image, key, state, desired, err, f"c-{tid}")


def status(p: Progress) -> tuple[str, int, int, str]:
    return (p.status, p.running, p.wanted, p.detail)


@pytest.mark.parametrize(
    ("service", "tasks", "old", "expected"),
    [
        (None, [], set(), ("waiting", 0, 1, "not created yet")),
        (svc(OLD), [task("a", "running", OLD)], set(), ("waiting", 0, 1, "spec not updated yet")),
        (svc(NEW), [task("a", "running", OLD)], {"a"}, ("waiting", 0, 1, "old tasks stopping")),
        (svc(NEW), [task("b", "starting")], set(), ("waiting", 0, 1, "starting")),
        (svc(NEW), [task("b", "running")], set(), ("done", 1, 1, "")),
        (
            svc(NEW, wanted=2),
            [task("b", "running"), task("c", "preparing")],
            set(),
            ("waiting", 1, 2, "preparing"),
        ),
        (
            svc(NEW),
            [task("a", "shutdown", OLD, "shutdown"), task("b", "running")],
            {"a"},
            ("done", 1, 1, ""),
        ),
        # The same spec redeployed: the tasks already running are the converged state.
        (svc(NEW), [task("a", "running")], {"a"}, ("done", 1, 1, "")),
        # A failed task of this spec from before the deploy is history, not this failure.
        (
            svc(NEW),
            [task("a", "failed", desired="shutdown"), task("b", "running")],
            {"a"},
            ("done", 1, 1, ""),
        ),
        (svc(NEW, wanted=0), [], set(), ("done", 0, 0, "")),
        # One-shot services (docker/cli#5299): a completed task is the goal, not a hang.
        (
            svc(NEW, one_shot=True, mode="ReplicatedJob"),
            [task("b", "complete", desired="complete")],
            set(),
            ("done", 1, 1, ""),
        ),
        (
            svc(OLD, update_state="rollback_completed", update_message="update rolled back"),
            [task("a", "running", OLD)],
            set(),
            ("failed", 0, 1, "update rollback_completed: update rolled back"),
        ),
    ],
)
def test_assess(
    service: ServiceView | None, tasks: list[TaskView], old: set[str], expected: tuple[Any, ...]
) -> None:
    assert status(assess("web", NEW, service, tasks, frozenset(old))) == expected


def test_assess_names_the_failed_task() -> None:
    failed = task("b", "failed", err="task: non-zero exit (137): dockerexec: unhealthy container")
    p = assess("web", NEW, svc(NEW), [failed], frozenset())
    assert p.status == "failed"
    assert p.task == failed
    assert p.detail == "task failed: task: non-zero exit (137): dockerexec: unhealthy container"


def test_failed_task_is_named_even_after_swarm_rolled_back() -> None:
    service = svc(OLD, update_state="rollback_completed", update_message="rollback completed")
    failed = task("b", "failed", err="unhealthy container", desired="shutdown")
    p = assess("web", NEW, service, [task("a", "running", OLD), failed], frozenset({"a"}))
    assert (p.status, p.detail, p.task) == ("failed", "task failed: unhealthy container", failed)


def test_rollback_completed_to_the_wanted_image_is_fine() -> None:
    # Redeploying the previous release after Swarm rolled back to it by itself.
    service = svc(NEW, update_state="rollback_completed")
    assert assess("web", NEW, service, [task("a", "running")], frozenset()).status == "done"


def test_service_and_task_views_from_the_api() -> None:
    template = {"ContainerSpec": {"Image": NEW}, "RestartPolicy": {"Condition": "none"}}
    spec = {
        "ID": "S1",
        "Spec": {
            "Name": "app_web",
            "Mode": {"Replicated": {"Replicas": 3}},
            "TaskTemplate": template,
        },
        "UpdateStatus": {"State": "updating", "Message": "update in progress"},
    }
    view = service_view(spec, nodes=1)
    assert (view.wanted, view.one_shot, view.update_state) == (3, True, "updating")
    assert service_view({**spec, "Spec": {**spec["Spec"], "Mode": {"Global": {}}}}, 4).wanted == 4
    job = {**spec, "Spec": {**spec["Spec"], "Mode": {"ReplicatedJob": {"TotalCompletions": 2}}}}
    assert service_view(job, 1).wanted == 2
    raw = {
        "ID": "T1",
        "ServiceID": "S1",
        "Spec": {**template, "Runtime": "container"},
        "Status": {"State": "failed", "Err": "boom", "ContainerStatus": {"ContainerID": "C1"}},
        "DesiredState": "shutdown",
    }
    t = task_view(raw)
    assert (t.state, t.error, t.container_id, t.desired) == ("failed", "boom", "C1", "shutdown")
    assert t.spec_key == view.spec_key  # the engine's added Runtime does not count


class _Services:
    """A stand-in for the SDK's low-level client: services whose update state moves on."""

    def __init__(self, states: list[str]) -> None:
        self.states = states
        self.calls = 0

    def services(self, filters: dict[str, object]) -> list[dict[str, object]]:
        state = self.states[min(self.calls, len(self.states) - 1)]
        self.calls += 1
        return [{"UpdateStatus": {"State": state}}]


class _Client:
    def __init__(self, states: list[str]) -> None:
        self.api = _Services(states)


def test_wait_settled_waits_out_a_running_rollback() -> None:
    from devenv.prod import swarm

    client = _Client(["rollback_started", "rollback_started", "rollback_completed"])
    swarm.wait_settled(client, "s", timeout=5)  # type: ignore[arg-type]
    assert client.api.calls == 3


def test_wait_settled_is_bounded() -> None:
    import time

    from devenv.prod import swarm

    client = _Client(["updating"])
    start = time.monotonic()
    swarm.wait_settled(client, "s", timeout=0.6)  # type: ignore[arg-type]
    assert time.monotonic() - start < 2


class _Nodes:
    """The low-level client's `inspect_node`, for the nodes it knows; others raise."""

    def __init__(self, hostnames: dict[str, str]) -> None:
        self.hostnames = hostnames

    def inspect_node(self, node_id: str) -> dict[str, object]:
        from docker.errors import NotFound

        if node_id not in self.hostnames:
            raise NotFound(f"node {node_id} not found")
        return {"ID": node_id, "Description": {"Hostname": self.hostnames[node_id]}}


class _NodeClient:
    def __init__(self, hostnames: dict[str, str]) -> None:
        self.api = _Nodes(hostnames)


@pytest.mark.parametrize(
    ("node_id", "known", "expected"),
    [
        (
            "n3",
            {"n3": "devenv-c3"},
            "service web (task t1a2b3c4d5e6 on node devenv-c3): task rejected",
        ),
        (
            "n3x4y5z6w7v8u9",
            {},
            "service web (task t1a2b3c4d5e6 on node n3x4y5z6w7v8): task rejected",
        ),
        ("", {}, "service web (task t1a2b3c4d5e6 on node (not scheduled)): task rejected"),
    ],
)
def test_failure_report_names_the_task_and_its_node(
    node_id: str, known: dict[str, str], expected: str
) -> None:
    from devenv.prod import swarm

    t = task("t1a2b3c4d5e6f7", "rejected", err="No such image")._replace(
        node_id=node_id, container_id=""
    )
    p = Progress("web", "failed", 0, 3, "task rejected", t)
    report = swarm.failure_report(_NodeClient(known), p)  # type: ignore[arg-type]
    assert report == expected


def test_a_patient_assessment_waits_out_a_failed_task_and_names_it() -> None:
    tasks = [task("a", "running"), task("b", "rejected", err="No such image: r/app/web")]
    impatient = assess("web", NEW, svc(NEW, wanted=2), tasks, frozenset())
    assert status(impatient) == ("failed", 0, 2, "task rejected: No such image: r/app/web")
    patient = assess("web", NEW, svc(NEW, wanted=2), tasks, frozenset(), patient=True)
    assert status(patient) == (
        "waiting",
        1,
        2,
        "scheduling; a task rejected, retrying: No such image: r/app/web",
    )
    tasks.append(task("c", "running"))
    assert status(assess("web", NEW, svc(NEW, wanted=2), tasks, frozenset(), patient=True)) == (
        "done",
        2,
        2,
        "",
    )
