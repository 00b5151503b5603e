"""Every swarm node's clock, read against this host's with a known error bound (issue 13,
item 5), using only what a stock busybox image has (`sh`, `adjtimex`, `nc`).

On a temporary attachable overlay network, a reference container on the engine's own node
answers each connection with its clock (`nc -ll -e adjtimex`); a global job on the same
network makes a few round trips to it from every node (see `samples`). A plain container,
not a service, so that it lands on this engine's node even when that node is drained. The
engine's clock against this host's comes from `GET /info`, bounded by half its round trip.
Everything is created under random names and removed again, also on failure and timeout.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from devenv import engine
from devenv.clock import readings, samples
from devenv.clock.samples import Lead
from devenv.clock.wire import Failed, why

DEFAULT_NODE_IMAGE = "busybox:1.36"
ROLE = "devenv.role"
PORT = 7123
SAMPLES = 12
ENGINE_SAMPLES = 5  # `GET /info` takes milliseconds: the quickest of a few bounds best
_DONE_STATES = frozenset({"complete", "failed", "rejected", "shutdown", "orphaned", "remove"})
_FAILED_STATES = frozenset({"failed", "rejected", "shutdown", "orphaned", "remove"})

# The reference's name is looked up once (it may not be up yet: the job and the reference
# start side by side), so that no DNS query falls inside a round trip; a busybox whose
# nslookup prints another format falls back to the name. t1 and t4 come from ash's
# $EPOCHREALTIME (no fork, so the round trip stays short), or from adjtimex where an older
# busybox lacks it; r from the reference's adjtimex. adjtimex's `time.tv_usec` holds
# nanoseconds when the kernel's status has STA_NANO (8192; ntpd, and chronyd when it
# disciplines the clock, set it): such a reading is written as seconds with nine decimals.
_JOB_SCRIPT = f"""set -f
i=0; ip=
case $REF in *[!0-9.]*) ;; *) ip=$REF; i=200;; esac
while [ $i -lt 200 ]; do
  i=$((i + 1))
  if out=$(nslookup "$REF" 2>/dev/null); then
    ip=$(echo "$out" | awk '$1 == "Address:" && $2 ~ /^[0-9.]+$/ {{a = $2}} END {{print a}}')
    break
  fi
  sleep 0.05
done
[ -n "$ip" ] || ip=$REF
tv() {{ s=; u=; st=0; set -- $1; while [ $# -gt 1 ]; do case $1 in
  status:) st=$2;; time.tv_sec:) s=$2;; time.tv_usec:) u=$2;; esac; shift; done
  case $st in ''|*[!0-9]*) st=0;; esac; }}
stamp() {{ if [ $((st & 8192)) -ne 0 ]; then t=$(printf '%s.%09d' "$s" "$u"); else t=$s:$u; fi; }}
now() {{ if [ -n "$EPOCHREALTIME" ]; then t=$EPOCHREALTIME; else tv "$(adjtimex)"; stamp; fi; }}
n=0; i=0; r=
while [ $n -lt {SAMPLES} ] && [ $i -lt "${{TRIES:-100}}" ]; do
  i=$((i + 1))
  now; a=$t; r=$(nc -w 1 "$ip" "$REF_PORT" </dev/null 2>&1); now; b=$t
  tv "$r"
  if [ -n "$s" ] && [ -n "$u" ]; then n=$((n + 1)); stamp; echo "{samples.SAMPLE_MARK} $a $t $b"
  else sleep 0.05; fi
done
[ $n -gt 0 ] || echo "{samples.UNREACHABLE_MARK} $ip:$REF_PORT $r"
"""


@dataclass(frozen=True)
class NodeClock:
    """One swarm node's clock minus this host's, or why it was not read."""

    node: str
    hostname: str
    lead: Lead | None = None
    error: str | None = None
    skipped: str | None = None


def read_node_clocks(image: str, timeout: float, grace: float = 3.0) -> list[NodeClock] | Failed:
    """Each node's clock; what the run created is removed within `grace` past `timeout`."""
    deadline = time.monotonic() + timeout
    try:
        with engine.open_client(timeout) as client:
            swarm = client.info()["Swarm"]
            if swarm.get("LocalNodeState") != "active":
                return Failed("this engine is not in a swarm: leave out --nodes")
            if not swarm.get("ControlAvailable"):
                return Failed(
                    "this engine is a swarm worker: run on a manager, or leave out --nodes"
                )
            run = _Run(client, image, swarm["NodeID"])
            try:
                return run.measure(timeout, deadline)
            finally:
                run.remove(deadline + grace)
    except Exception as exc:  # the SDK raises requests, urllib3 and docker errors alike
        return Failed(f"cannot run the clock job on the swarm: {why(exc)}")


class _Run:
    def __init__(self, client: Any, image: str, self_id: str) -> None:
        self.client, self.image, self.self_id = client, image, self_id
        self.name = f"devenv-clock-{secrets.token_hex(4)}"
        self.network: Any = None
        self.reference: Any = None
        self.job: Any = None

    def measure(self, timeout: float, deadline: float) -> list[NodeClock] | Failed:
        nodes = {n["ID"]: n for n in self.client.api.nodes()}
        self_name = _hostname(nodes.get(self.self_id, {})) or self.self_id[:12]
        labels = {ROLE: "clock-job"}
        self.network = self.client.networks.create(
            self.name, driver="overlay", attachable=True, labels=labels
        )
        # The job first: creating a service returns at once, while starting the reference
        # waits for its attachment to the network (seconds on a busy engine); the job's
        # tasks wait for the reference to answer.
        self._start_job(f"{self.name}-ref", deadline)
        started = self._start_reference(self_name)
        if isinstance(started, Failed):
            return started
        finished = _wait_for_tasks(self.client, self.job.id, _eligible(nodes), deadline)
        logs = b"".join(self.job.logs(stdout=True, stderr=True, details=True)) if finished else b""
        outputs = samples.parse_job_logs(logs.decode(errors="replace"))
        eng = readings.best_engine_sample(self.client, ENGINE_SAMPLES, deadline)
        if eng is None:
            return Failed("the Docker engine gave no system time")
        return [_node_clock(n, finished, outputs, eng, self_name, timeout) for n in nodes.values()]

    def _start_reference(self, self_name: str) -> Failed | None:
        from docker.errors import APIError, ImageNotFound

        def create() -> Any:
            return self.client.containers.create(
                self.image,
                ["nc", "-ll", "-p", str(PORT), "-e", "adjtimex"],
                name=f"{self.name}-ref",
                network=self.name,
                labels={ROLE: "clock-reference"},
            )

        try:
            try:
                self.reference = create()
            except ImageNotFound:
                self.client.images.pull(self.image)
                self.reference = create()
        except APIError as exc:  # the image is not there and cannot be pulled, mostly
            said = why(Exception(exc.explanation)) if exc.explanation else why(exc)
            return Failed(
                f"the clock reference cannot run on node {self_name} (this engine): {said} "
                "(use --node-image with an image every node has)"
            )
        # Created first, started apart: a start that outlasts the timeout still leaves a
        # container to remove.
        try:
            self.reference.start()
        except Exception as exc:  # the SDK raises requests, urllib3 and docker errors alike
            return Failed(f"the clock reference on node {self_name} did not start: {why(exc)}")
        return None

    def _start_job(self, reference: str, deadline: float) -> None:
        from docker.types import EndpointSpec, RestartPolicy, ServiceMode

        # A task the engine fails to stop must not outlive the run by long (busybox timeout).
        lifetime = str(max(1, math.ceil(deadline - time.monotonic())))
        self.job = self.client.services.create(
            self.image,
            command=["timeout", lifetime, "sh", "-c", _JOB_SCRIPT],
            name=self.name,
            env=[f"REF={reference}", f"REF_PORT={PORT}"],
            networks=[self.name],
            # dnsrr: a VIP needs IPVS, which not every kernel has; the job takes no traffic.
            endpoint_spec=EndpointSpec(mode="dnsrr"),
            mode=ServiceMode("global-job"),
            restart_policy=RestartPolicy(condition="none"),
            labels={ROLE: "clock-job"},
        )

    def remove(self, until: float) -> None:
        """The job, the reference and the network, each tried until `until`.

        The job's tasks are let end first (their `timeout` ends them by the deadline):
        Docker 20.10 does not stop a removed job's running task, and a network removed under
        one lingers on that node for good."""
        if self.job is not None:  # this node's are removed below: wait for the others'
            _wait_for_tasks(self.client, self.job.id, None, until - 1.0, skip=self.self_id)
        steps: list[Callable[[], object]] = []
        if self.job is not None:
            steps += [self.job.remove, partial(_remove_tasks, self.client, self.job.id)]
        if self.reference is not None:
            steps.append(partial(self.reference.remove, force=True))
        if self.network is not None:
            steps += [self.network.remove, partial(_network_gone, self.client, self.network.id)]
        for step in steps:
            _retry(step, until)


def _remove_tasks(client: Any, service_id: str) -> None:
    """The job's containers on this engine's node: Docker 20.10 leaves those of a removed
    job behind, and one still running holds the network. Other nodes' end by their timeout."""
    label = f"com.docker.swarm.service.id={service_id}"
    for container in client.containers.list(all=True, filters={"label": label}):
        container.remove(force=True)


def _network_gone(client: Any, network_id: str) -> None:
    # The engine drops its own copy of a removed overlay network a moment later.
    if client.api.networks(ids=[network_id]):
        raise RuntimeError(f"network {network_id} is still listed")


def _retry(step: Callable[[], object], until: float) -> None:
    from docker.errors import NotFound

    while True:
        try:
            step()
            return
        except NotFound:
            return
        except Exception:  # a leftover is better than a crash; the next try may succeed
            if time.monotonic() > until:
                return
            time.sleep(0.1)


def _hostname(node: dict[str, Any]) -> str:
    return str(node.get("Description", {}).get("Hostname", ""))


def _eligible(nodes: dict[str, Any]) -> set[str]:
    return {
        nid
        for nid, n in nodes.items()
        if n["Status"]["State"] == "ready" and n["Spec"].get("Availability") == "active"
    }


def _wait_for_tasks(
    client: Any, service_id: str, nodes: set[str] | None, deadline: float, skip: str = ""
) -> dict[str, dict[str, Any]]:
    """Node id -> its task's status, for the tasks that ended in time: on `nodes`, or on
    every node the job has a task on but `skip` when None."""
    finished: dict[str, dict[str, Any]] = {}
    while time.monotonic() < deadline:
        tasks = client.api.tasks(filters={"service": service_id})
        for task in tasks:
            status = task["Status"]
            node = task.get("NodeID", "")
            if status["State"] in _DONE_STATES and node not in finished:
                finished[node] = status
        wanted = {t.get("NodeID", "") for t in tasks} - {skip} if nodes is None else nodes
        if wanted <= finished.keys():
            break
        time.sleep(0.05)
    return finished


def _node_clock(
    node: dict[str, Any],
    finished: dict[str, dict[str, Any]],
    outputs: dict[str, samples.JobOutput],
    eng: readings.EngineClock,
    self_name: str,
    timeout: float,
) -> NodeClock:
    nid, name = node["ID"], _hostname(node)
    availability, state = node["Spec"].get("Availability"), node["Status"]["State"]
    if availability != "active":
        return NodeClock(nid, name, skipped=f"{availability}: no job runs there, clock not read")
    if state != "ready":
        return NodeClock(nid, name, error=f"node {name or nid} is {state}: its clock was not read")
    if nid not in finished:
        return NodeClock(
            nid, name, error=f"no answer from the job on node {name} within {timeout:g} s"
        )
    out = outputs.get(nid, samples.JobOutput())
    sample = samples.best(out.samples)
    if sample is not None:
        return NodeClock(nid, name, lead=samples.node_lead(sample, eng.lead, eng.rtt))
    status = finished[nid]
    if status["State"] in _FAILED_STATES:
        reason = status.get("Err") or status.get("Message") or status["State"]
        hint = " (use --node-image with an image every node has)" if "image" in reason else ""
        return NodeClock(nid, name, error=f"the clock job failed on node {name}: {reason}{hint}")
    if out.unreachable:
        return NodeClock(
            nid,
            name,
            error=f"the job on node {name} got no answer from the clock reference on node "
            f"{self_name} over the overlay network ({out.unreachable})",
        )
    return NodeClock(nid, name, error=f"the job on node {name} printed no clock reading")
