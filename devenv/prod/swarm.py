"""The Swarm target: deploy a stack, watch it converge, keep history and the lock on it.

Deploys go through `docker stack deploy` (the Compose-file loader lives only in the CLI);
everything else reads the Engine API through the docker SDK (`devenv.engine.client`),
never human-readable CLI output. Convergence is decided here rather than by
`docker stack deploy --detach=false`, which hangs on one-shot services (docker/cli#5299)
and does not say which task failed or why.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv import engine
from devenv.errors import EXIT_FAILED, DevenvError
from devenv.prod.contract import DeployFailed

if TYPE_CHECKING:
    from docker import DockerClient

NAMESPACE = "com.docker.stack.namespace"
FAILED_STATES = frozenset({"failed", "rejected", "orphaned"})
ROLLBACK_STATES = frozenset({"rollback_started", "rollback_completed", "rollback_paused", "paused"})
POLL_SECONDS = 0.25
LOG_LINES = 15


def check_manager(api: DockerClient) -> str:
    """The target gate: the engine answers and is a swarm manager."""
    info = api.info()
    swarm = info.get("Swarm") or {}
    if swarm.get("LocalNodeState") != "active" or not swarm.get("ControlAvailable"):
        raise DevenvError(
            f"the engine at {os.environ.get('DOCKER_HOST', 'the default socket')} is not a "
            "swarm manager: run `docker swarm init`, give --context of a manager, "
            "or use --target compose",
            exit_code=EXIT_FAILED,
        )
    return f"swarm manager {info.get('Name', '?')}, Docker {info.get('ServerVersion', '?')}"


def deploy(stack_text: str, name: str, cwd: str) -> None:
    """`docker stack deploy` the stack, read from stdin (relative paths resolve from `cwd`).

    No secret value passes: the stack names secret files, the CLI reads them itself.
    Every supported CLI returns once the services are updated: 26.0 and later are told
    `--detach=true`, older ones have no such flag and always do; `converge` does the waiting.
    """
    cli = engine.docker_cli()
    argv = [cli.path, "stack", "deploy", "--prune", "--with-registry-auth"]
    if cli.stack_detach:
        argv.append("--detach=true")
    argv += ["--compose-file", "-", name]
    proc = subprocess.run(
        argv,
        input=engine.stack_for_cli(stack_text, cli),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=engine.cli_env(),
        check=False,
    )
    if proc.returncode != 0:
        raise DeployFailed(f"docker stack deploy failed: {proc.stderr.strip()[-2000:]}")


# --- Convergence -------------------------------------------------------------------------


class ServiceView(NamedTuple):
    name: str
    id: str
    image: str
    spec_key: str
    mode: str
    wanted: int
    one_shot: bool
    update_state: str
    update_message: str


class TaskView(NamedTuple):
    id: str
    service_id: str
    image: str
    spec_key: str
    state: str
    desired: str
    error: str
    container_id: str
    node_id: str = ""


class Progress(NamedTuple):
    service: str
    status: str  # "waiting", "done" or "failed"
    running: int
    wanted: int
    detail: str
    task: TaskView | None = None


def service_view(spec: Mapping[str, Any], nodes: int) -> ServiceView:
    s = spec["Spec"]
    mode = s.get("Mode", {})
    kind = next(iter(mode), "Replicated")
    if kind == "Replicated":
        wanted = int(mode[kind].get("Replicas", 1))
    elif kind == "ReplicatedJob":
        wanted = int(mode[kind].get("TotalCompletions") or mode[kind].get("MaxConcurrent") or 1)
    else:
        wanted = nodes
    template = s.get("TaskTemplate", {})
    restart = (template.get("RestartPolicy") or {}).get("Condition", "any")
    update = spec.get("UpdateStatus") or {}
    return ServiceView(
        name=s["Name"],
        id=spec["ID"],
        image=template.get("ContainerSpec", {}).get("Image", ""),
        spec_key=spec_key(template),
        mode=kind,
        wanted=wanted,
        one_shot=kind.endswith("Job") or restart != "any",
        update_state=update.get("State", ""),
        update_message=update.get("Message", ""),
    )


def spec_key(task_spec: Mapping[str, Any]) -> str:
    """What identifies the task spec a task was made from: a task copies its service's
    template when created (the engine adds fields such as `Runtime`, left out here)."""
    keep = {k: task_spec.get(k) for k in ("ContainerSpec", "Resources", "ForceUpdate")}
    return json.dumps(keep, sort_keys=True)


def task_view(task: Mapping[str, Any]) -> TaskView:
    status = task.get("Status") or {}
    return TaskView(
        id=task["ID"],
        service_id=task["ServiceID"],
        image=task.get("Spec", {}).get("ContainerSpec", {}).get("Image", ""),
        spec_key=spec_key(task.get("Spec", {})),
        state=status.get("State", ""),
        desired=task.get("DesiredState", ""),
        error=status.get("Err") or status.get("Message") or "",
        container_id=(status.get("ContainerStatus") or {}).get("ContainerID", ""),
        node_id=task.get("NodeID", ""),
    )


def assess(
    name: str,
    image: str,
    svc: ServiceView | None,
    tasks: Iterable[TaskView],
    old_tasks: frozenset[str],
    patient: bool = False,
) -> Progress:
    """Where one service stands: all wanted tasks running the new image (healthy: Swarm
    reports a task with a healthcheck as running only once it passed), or a new task failed.
    One-shot services (jobs, restart `none`/`on-failure`) are done when their tasks complete.

    `patient` (going back to a release that ran before): a failed task is not the end, since
    Swarm replaces it and, after a few failures on one node, places it on another (a node that
    cannot pull the image); the caller's timeout bounds the wait, and the detail names the
    last failure.
    """
    if svc is None:
        return Progress(name, "waiting", 0, 1, "not created yet")
    mine = [t for t in tasks if t.service_id == svc.id]
    # A task of the new image that failed, even if Swarm has rolled the service back since.
    failed = [
        t for t in mine if t.image == image and t.state in FAILED_STATES and t.id not in old_tasks
    ]
    last_failure = ""
    if failed and not patient:
        t = failed[0]
        return Progress(name, "failed", 0, svc.wanted, f"task {t.state}: {t.error}", t)
    if failed:
        last_failure = f"; a task {failed[-1].state}, retrying: {failed[-1].error}"
    if svc.image != image:
        if svc.update_state in ROLLBACK_STATES:  # Swarm rolled the service back by itself
            why = svc.update_message or "Swarm stopped the update"
            return Progress(name, "failed", 0, svc.wanted, f"update {svc.update_state}: {why}")
        return Progress(name, "waiting", 0, svc.wanted, "spec not updated yet")
    current = [t for t in mine if t.spec_key == svc.spec_key]
    ok_states = {"running", "complete"} if svc.one_shot else {"running"}
    running = sum(1 for t in current if t.state in ok_states)
    stale = [t for t in mine if t.spec_key != svc.spec_key and t.desired == "running"]
    if running >= svc.wanted and not stale:
        return Progress(name, "done", running, svc.wanted, "")
    shown_apart = FAILED_STATES if last_failure else frozenset()
    states = sorted(
        {
            t.state
            for t in current
            if t.desired != "shutdown" and t.state not in ok_states | shown_apart
        }
    )
    detail = ", ".join(states) if states else "old tasks stopping" if stale else "scheduling"
    return Progress(name, "waiting", min(running, svc.wanted), svc.wanted, detail + last_failure)


def converge(
    api: DockerClient,
    stack: str,
    images: Mapping[str, str],
    old_tasks: frozenset[str],
    timeout: float,
    say: Callable[[str], None],
    patient: bool = False,
) -> None:
    """Wait for every service of `images` (service -> pinned image) to run it; progress
    lines go to `say` when a service's state changes. Raises DeployFailed. `patient`: see
    `assess`."""
    deadline = time.monotonic() + timeout
    shown: dict[str, str] = {}
    while True:
        progress = snapshot_progress(api, stack, images, old_tasks, patient)
        for p in progress:
            line = f"{p.running}/{p.wanted} {'converged' if p.status == 'done' else p.detail}"
            if shown.get(p.service) != line and p.status != "failed":
                say(f"  {p.service}: {line}")
                shown[p.service] = line
        failed = [p for p in progress if p.status == "failed"]
        if failed:
            raise DeployFailed(failure_report(api, failed[0]))
        if all(p.status == "done" for p in progress):
            return
        if time.monotonic() >= deadline:
            late = [
                f"{p.service} {p.running}/{p.wanted} ({p.detail})"
                for p in progress
                if p.status != "done"
            ]
            raise DeployFailed(f"not converged after {timeout:g}s: {'; '.join(late)}")
        time.sleep(POLL_SECONDS)


def snapshot_progress(
    api: DockerClient,
    stack: str,
    images: Mapping[str, str],
    old_tasks: frozenset[str],
    patient: bool = False,
) -> list[Progress]:
    nodes = _ready_nodes(api)
    services = {
        v.name: v for v in (service_view(s, nodes) for s in api.api.services(filters=_ns(stack)))
    }
    tasks = [task_view(t) for t in api.api.tasks(filters=_ns(stack))]
    return [
        assess(name, image, services.get(f"{stack}_{name}"), tasks, old_tasks, patient)
        for name, image in images.items()
    ]


# Swarm is still changing the service: a new deploy now would interrupt it half-way.
MOVING_STATES = frozenset({"updating", "rollback_started"})


def wait_settled(api: DockerClient, stack: str, timeout: float) -> None:
    """Let an update or rollback Swarm is running on the stack finish (bounded by `timeout`),
    so that redeploying a release does not race Swarm's own `failure_action: rollback`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = {
            (s.get("UpdateStatus") or {}).get("State", "")
            for s in api.api.services(filters=_ns(stack))
        }
        if not states & MOVING_STATES:
            return
        time.sleep(POLL_SECONDS)


def task_ids(api: DockerClient, stack: str) -> frozenset[str]:
    return frozenset(t["ID"] for t in api.api.tasks(filters=_ns(stack)))


def _ns(stack: str) -> dict[str, Any]:
    return {"label": f"{NAMESPACE}={stack}"}


def _ready_nodes(api: DockerClient) -> int:
    nodes = api.api.nodes()
    return sum(
        1
        for n in nodes
        if (n.get("Status") or {}).get("State") == "ready"
        and (n.get("Spec") or {}).get("Availability") == "active"
    )


def failure_report(api: DockerClient, p: Progress) -> str:
    """The failing task's error, its last health probe and its last log lines."""
    where = f" (task {p.task.id[:12]} on node {_node_name(api, p.task.node_id)})" if p.task else ""
    lines = [f"service {p.service}{where}: {p.detail}"]
    if p.task is not None and p.task.container_id:
        lines += _container_story(api, p.task.container_id)
    return "\n".join(lines)


def _node_name(api: DockerClient, node_id: str) -> str:
    """The node's hostname, as `docker node ls` shows it; its id if the engine cannot say."""
    from docker.errors import DockerException

    if not node_id:
        return "(not scheduled)"
    try:
        node = api.api.inspect_node(node_id)
    except DockerException:
        return node_id[:12]
    return str((node.get("Description") or {}).get("Hostname") or node_id[:12])


def _container_story(api: DockerClient, container_id: str) -> list[str]:
    from docker.errors import DockerException

    out: list[str] = []
    try:
        info = api.api.inspect_container(container_id)
        probes = ((info.get("State") or {}).get("Health") or {}).get("Log") or []
        if probes:
            last = probes[-1]
            out.append(
                f"last healthcheck: exit {last.get('ExitCode')}: "
                f"{str(last.get('Output', '')).strip()[:300]}"
            )
        raw = api.api.logs(container_id, stdout=True, stderr=True, tail=LOG_LINES)
    except DockerException:
        return out
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if text.strip():
        out.append(f"last {LOG_LINES} log lines:")
        out += [f"  | {line}" for line in text.rstrip().splitlines()]
    return out
