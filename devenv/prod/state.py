"""The state of a stack on the swarm, besides its tasks: what runs (in Compose form), the
config and secret objects it uses, and the release history and deploy lock that devenv
keeps there as config objects, so that every operator sees the same ones (issue 6).
"""

from __future__ import annotations

import base64
import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devenv.errors import EXIT_FAILED, DevenvError
from devenv.prod.releases import Release, from_json
from devenv.prod.swarm import NAMESPACE

if TYPE_CHECKING:
    from docker import DockerClient

RELEASE_LABEL = "io.devenv.release"
LOCK_LABEL = "io.devenv.prod.lock"


# --- What runs now -------------------------------------------------------------------------


def running_stack(api: DockerClient, stack: str) -> dict[str, Any]:
    """The stack as it runs, in Compose form, for `devenv diff running` and `--dry-run`."""
    services: dict[str, Any] = {}
    for spec in api.api.services(filters={"label": f"{NAMESPACE}={stack}"}):
        name = spec["Spec"]["Name"].removeprefix(f"{stack}_")
        services[name] = compose_service(spec["Spec"], stack)
    return {"services": dict(sorted(services.items()))}


def compose_service(spec: Mapping[str, Any], stack: str) -> dict[str, Any]:
    tmpl = spec.get("TaskTemplate", {})
    cs = tmpl.get("ContainerSpec", {})
    prefix = f"{stack}_"
    out: dict[str, Any] = {"image": cs.get("Image", "")}
    if cs.get("Env"):
        out["environment"] = list(cs["Env"])
    ports = (spec.get("EndpointSpec") or {}).get("Ports") or []
    out["ports"] = [
        {
            "target": p.get("TargetPort"),
            "published": p.get("PublishedPort"),
            "protocol": p.get("Protocol", "tcp"),
            "mode": p.get("PublishMode", "ingress"),
        }
        for p in ports
    ]
    out["volumes"] = [
        {
            "type": m.get("Type", "volume").lower(),
            "source": str(m.get("Source", "")).removeprefix(prefix),
            "target": m.get("Target"),
            "read_only": bool(m.get("ReadOnly")),
        }
        for m in cs.get("Mounts") or []
    ]
    out["configs"] = [
        {"source": c["ConfigName"].removeprefix(prefix), "target": c.get("File", {}).get("Name")}
        for c in cs.get("Configs") or []
    ]
    out["secrets"] = [
        {
            "source": s["SecretName"].removeprefix(prefix),
            "target": _secret_path(s.get("File", {}).get("Name", s["SecretName"])),
        }
        for s in cs.get("Secrets") or []
    ]
    hc = cs.get("Healthcheck")
    if hc:
        out["healthcheck"] = {"test": hc.get("Test", [])}
    out["deploy"] = _deploy(spec, tmpl)
    return out


def _secret_path(name: str) -> str:
    return name if name.startswith("/") else f"/run/secrets/{name}"


def _deploy(spec: Mapping[str, Any], tmpl: Mapping[str, Any]) -> dict[str, Any]:
    mode = spec.get("Mode", {})
    deploy: dict[str, Any] = (
        {"replicas": mode["Replicated"].get("Replicas", 1)}
        if "Replicated" in mode
        else {"mode": "global"}
    )
    limits = (tmpl.get("Resources") or {}).get("Limits") or {}
    out: dict[str, Any] = {}
    if limits.get("NanoCPUs"):
        out["cpus"] = limits["NanoCPUs"] / 1e9
    if limits.get("MemoryBytes"):
        out["memory"] = int(limits["MemoryBytes"])
    if out:
        deploy["resources"] = {"limits": out}
    return deploy


def existing_objects(api: DockerClient) -> frozenset[str]:
    """Names of the configs and secrets on the swarm (never their values)."""
    names = {c["Spec"]["Name"] for c in api.api.configs()}
    names |= {s["Spec"]["Name"] for s in api.api.secrets()}
    return frozenset(names)


def externalize(stack: Mapping[str, Any], name: str, existing: frozenset[str]) -> dict[str, Any]:
    """The stack with each file-based config or secret that exists on the swarm referenced
    as external, so that a recorded release redeploys with the objects it ran with, even
    when the files in the working tree have changed since (Swarm objects are immutable)."""
    out = dict(stack)
    for section in ("configs", "secrets"):
        entries = dict(stack.get(section) or {})
        for key, spec in entries.items():
            full = spec.get("name") or f"{name}_{key}"
            if "file" in spec and full in existing:
                entries[key] = {"external": True, "name": full}
        if entries:
            out[section] = entries
    return out


def changed_files(
    stack: Mapping[str, Any], root: str, secret_key: bytes | None = None
) -> list[str]:
    """File-based configs and secrets whose file no longer has the content their name's
    hash was made from: redeploying them would not be the release as it ran. Secrets are
    named with a keyed hash (devenv.secretkey); without the key they count as changed."""
    from devenv.render import content_hash
    from devenv.secretkey import secret_digest

    out = []
    for section in ("configs", "secrets"):
        for key, spec in (stack.get(section) or {}).items():
            if "file" not in spec:
                continue
            path = os.path.join(root, spec["file"])
            try:
                if section == "secrets":
                    digest = (
                        secret_digest(secret_key, Path(path).read_bytes()) if secret_key else ""
                    )
                else:
                    digest = content_hash(Path(path))
                same = key.rsplit("-", 1)[-1] == digest
            except OSError:
                same = False
            if not same:
                out.append(f"{section[:-1]} {key} ({spec['file']})")
    return out


# --- History and lock, kept on the swarm as config objects ---------------------------------


class SwarmReleaseStore:
    """One Swarm config per release, labelled `io.devenv.release=<stack>`: created in one
    API call, so a record is on the swarm whole or not at all."""

    def __init__(self, api: DockerClient, stack: str) -> None:
        self.api = api
        self.stack = stack

    def list(self) -> list[Release]:
        found = self.api.api.configs(filters={"label": f"{RELEASE_LABEL}={self.stack}"})
        out = [
            from_json(base64.b64decode(c["Spec"].get("Data", "")).decode(), c["Spec"]["Name"])
            for c in found
        ]
        return sorted(out, key=lambda r: r.number)

    def add(self, release: Release) -> None:
        from docker.errors import APIError

        name = f"devenv-release-{self.stack}-{release.number:05d}"
        labels = {RELEASE_LABEL: self.stack, f"{RELEASE_LABEL}.number": str(release.number)}
        try:
            self.api.api.create_config(name, release.to_json().encode(), labels=labels)
        except APIError as exc:
            raise DevenvError(
                f"cannot record release {release.number} on the swarm: {exc.explanation}",
                exit_code=EXIT_FAILED,
            ) from None


class SwarmLockBackend:
    """The lock's objects: Swarm configs `devenv-lock-<stack>.<generation>`. A config's name
    is unique and creating one is a single raft transaction on the leader, so `create` is
    the atomic test-and-set `devenv.prod.lock` builds on (issue 14, item 7)."""

    def __init__(self, api: DockerClient, stack: str) -> None:
        self.api = api
        self.stack = stack
        # Generation 0 is the single lock object of devenv before generations.
        self.legacy = f"devenv-lock-{stack}"

    def name(self, generation: int) -> str:
        return self.legacy if generation == 0 else f"{self.legacy}.{generation}"

    def generations(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for c in self.api.api.configs(filters={"label": f"{LOCK_LABEL}={self.stack}"}):
            spec = c["Spec"]
            suffix = spec["Name"].removeprefix(self.legacy).removeprefix(".")
            generation = int(suffix) if suffix.isdigit() else 0
            out[generation] = base64.b64decode(spec.get("Data", "")).decode("utf-8", "replace")
        return out

    def create(self, generation: int, data: str) -> bool:
        from docker.errors import APIError

        labels = {LOCK_LABEL: self.stack, f"{LOCK_LABEL}.generation": str(generation)}
        try:
            self.api.api.create_config(self.name(generation), data.encode(), labels=labels)
        except APIError as exc:
            if exc.status_code == 409:
                return False
            raise
        return True

    def remove(self, generation: int) -> None:
        from docker.errors import NotFound

        with contextlib.suppress(NotFound):
            self.api.api.remove_config(self.name(generation))
