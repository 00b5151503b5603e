"""Try a rebuilt image before it replaces the serving container (issue 16, item 5).

Compose replaces a container by stopping the old one first, and the new one shares the
network holder's namespace (so both cannot listen on the same port at once). A rebuild
therefore first runs a *candidate*: the new image with the old container's settings
(command, environment, user, bind mounts, healthcheck), in a namespace of its own on the
project's network, with no published port and no Compose labels. Only when it stays up
(and turns healthy, where it has a healthcheck) does Compose swap the real container; if
not, the old one keeps serving and the user reads why, with the candidate's last lines.

Named volumes are left out of the candidate: a second writer on a database's files is what
a check must never cause. The settings the old container inherited from its image are left
to the new image (`inherited`), so a changed CMD or HEALTHCHECK is what the candidate runs.
"""

from __future__ import annotations

import time
from typing import Any

from devenv import engine

GRACE = 0.5  # a container without a healthcheck that runs this long "started"
MAX_WAIT = 120.0
LOG_LINES = 20
_NS = 1e9
# The engine's defaults when a healthcheck leaves them out.
_DEFAULT_INTERVAL, _DEFAULT_TIMEOUT, _DEFAULT_RETRIES = 30.0, 30.0, 3


def _differs(container: dict[str, Any], image: dict[str, Any], key: str) -> Any:
    value = container.get(key)
    return None if value == image.get(key) else value


def inherited(container: dict[str, Any], old_image: dict[str, Any]) -> dict[str, Any]:
    """The container's own settings (its Config minus what it took from its old image), as
    `create_container` keywords: what the candidate keeps; the rest comes from the new image."""
    image_env = set(old_image.get("Env") or ())
    env = [v for v in container.get("Env") or () if v not in image_env]
    own = {
        "command": _differs(container, old_image, "Cmd"),
        "entrypoint": _differs(container, old_image, "Entrypoint"),
        "user": _differs(container, old_image, "User"),
        "working_dir": _differs(container, old_image, "WorkingDir"),
        "healthcheck": _differs(container, old_image, "Healthcheck"),
        "environment": env or None,
    }
    return {k: v for k, v in own.items() if v}


def binds(mounts: list[dict[str, Any]]) -> list[str]:
    """The bind mounts of an inspected container, as `create_host_config(binds=...)` takes."""
    return [
        f"{m['Source']}:{m['Destination']}:{'rw' if m.get('RW', True) else 'ro'}"
        for m in mounts
        if m.get("Type") == "bind"
    ]


def health_wait(check: dict[str, Any] | None) -> float:
    """How long a healthcheck may take to say healthy or unhealthy, at most MAX_WAIT."""
    if not check or check.get("Test") in (None, [], ["NONE"]):
        return 0.0
    interval = check.get("Interval", 0) / _NS or _DEFAULT_INTERVAL
    timeout = check.get("Timeout", 0) / _NS or _DEFAULT_TIMEOUT
    retries = check.get("Retries", 0) or _DEFAULT_RETRIES
    start = check.get("StartPeriod", 0) / _NS
    return float(min(MAX_WAIT, start + (interval + timeout) * (retries + 1)))


def _network(api: Any, info: dict[str, Any]) -> str:
    mode = str(info.get("HostConfig", {}).get("NetworkMode", ""))
    owner = info
    if mode.startswith("container:"):
        owner = api.inspect_container(mode.removeprefix("container:"))
    networks = list(owner.get("NetworkSettings", {}).get("Networks", {}) or {})
    usable = [n for n in networks if n not in ("host", "none")]
    return usable[0] if usable else "none"


def trial(service: str, old: str) -> str:
    """Run the service's freshly built image beside the old container `old`; "" when it
    starts (and turns healthy), else why not, with its last log lines. Always removed."""
    api = engine.client().api
    info = api.inspect_container(old)
    config = info.get("Config", {})
    old_image = api.inspect_image(info["Image"]).get("Config", {}) or {}
    image = str(config["Image"])  # the tag Compose built to: it names the new image now
    host = api.create_host_config(
        binds=binds(info.get("Mounts", [])),
        init=info.get("HostConfig", {}).get("Init"),
        network_mode=_network(api, info),
        tmpfs=info.get("HostConfig", {}).get("Tmpfs") or None,
    )
    created = api.create_container(
        image,
        host_config=host,
        # Compose labels the images it builds with the project and service, and a container
        # inherits its image's labels: blanked, so no one takes the candidate for the service.
        labels={engine.PROJECT_LABEL: "", engine.SERVICE_LABEL: "", "io.devenv.candidate": service},
        **inherited(config, old_image),
    )
    cid = str(created["Id"])
    try:
        api.start(cid)
        problem = _watch(api, cid)
        if not problem:
            return ""
        logs = api.logs(cid, tail=LOG_LINES).decode("utf-8", "replace").rstrip()
        return problem + (f"; its last lines:\n{logs}" if logs else "; it printed nothing")
    finally:
        api.remove_container(cid, force=True, v=True)


def _watch(api: Any, cid: str) -> str:
    check = api.inspect_container(cid).get("Config", {}).get("Healthcheck")
    wait = health_wait(check)
    deadline = time.monotonic() + (wait or GRACE)
    while True:
        state = api.inspect_container(cid)["State"]
        if not state.get("Running"):
            return f"the new container exited with code {state.get('ExitCode')}"
        health = (state.get("Health") or {}).get("Status")
        if wait and health == "healthy":
            return ""
        if health == "unhealthy":
            probes = (state.get("Health") or {}).get("Log") or [{}]
            said = str(probes[-1].get("Output", "")).strip()[-300:]
            return "the new container is unhealthy" + (f" ({said})" if said else "")
        if time.monotonic() >= deadline:
            return f"the new container is not healthy after {wait:.0f} s" if wait else ""
        time.sleep(engine.POLL * 2)
