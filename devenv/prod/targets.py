"""Where a promote deploys: a swarm (`docker stack deploy`) or a plain engine (Compose).

Two implementations of `devenv.prod.contract.Target`, registered by hand in `get`. A target
deploys a stack and waits for it, redeploys a recorded release exactly, says what runs now, and
keeps the history and the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from devenv import composefile, engine, secretkey
from devenv.config import ProjectConfig
from devenv.errors import DevenvError
from devenv.prod import state as swarmstate
from devenv.prod import swarm
from devenv.prod.contract import DeployFailed, Say, Target
from devenv.prod.lock import LockBackend
from devenv.prod.releases import DirStore, Release, ReleaseStore, mirror_dir

KINDS = ("swarm", "compose")


def get(kind: str, cfg: ProjectConfig) -> Target:
    if kind == "swarm":
        return SwarmTarget(cfg)
    if kind == "compose":
        return ComposeTarget(cfg)
    raise DevenvError(f"--target {kind}: expected {' or '.join(KINDS)}")


def load_recorded(release: Release) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(release.stack)
    if not isinstance(data, dict):
        raise DevenvError(f"release {release.number}: its recorded stack is not a mapping")
    return data


class SwarmTarget:
    kind = "swarm"

    def __init__(self, cfg: ProjectConfig) -> None:
        self.stack = cfg.project
        self.root = cfg.root

    def check(self) -> str:
        # A CLI too old to deploy fails here, before anything is built (issue 11).
        cli = engine.docker_cli()
        manager = swarm.check_manager(engine.client())
        return f"{manager}, Docker CLI {cli.number}"

    def nodes(self) -> int | None:
        count = (engine.client().info().get("Swarm") or {}).get("Nodes")
        return count if isinstance(count, int) else None

    def store(self) -> ReleaseStore:
        return swarmstate.SwarmReleaseStore(engine.client(), self.stack)

    def lock_backend(self) -> LockBackend:
        return swarmstate.SwarmLockBackend(engine.client(), self.stack)

    def deploy(self, text: str, images: Mapping[str, str], timeout: float, say: Say) -> None:
        self._deploy(text, images, timeout, say, patient=False)

    def _deploy(
        self, text: str, images: Mapping[str, str], timeout: float, say: Say, patient: bool
    ) -> None:
        api = engine.client()
        before = swarm.task_ids(api, self.stack)
        swarm.deploy(text, self.stack, str(self.root.absolute()))
        swarm.converge(api, self.stack, images, before, timeout, say, patient)

    def redeploy(self, release: Release, timeout: float, say: Say) -> None:
        # Configs and secrets the release ran with are still on the swarm: reference them
        # as they are, whatever the files in the working tree hold now.
        existing = swarmstate.existing_objects(engine.client())
        stack = swarmstate.externalize(load_recorded(release), self.stack, existing)
        key = secretkey.project_key(self.stack)
        changed = swarmstate.changed_files(stack, str(self.root.absolute()), key)
        if changed:
            raise DeployFailed(
                f"release {release.number} cannot be redeployed exactly: "
                f"{', '.join(changed)} no longer on the swarm, and the file has changed since"
            )
        swarm.wait_settled(engine.client(), self.stack, min(timeout, 60.0))
        # A release that ran before: a failed task is retried (elsewhere, if its node cannot
        # pull the image) until the timeout, rather than ending the way back at once.
        self._deploy(composefile.dump_escaped(stack), release.images, timeout, say, patient=True)

    def running(self) -> dict[str, Any]:
        return swarmstate.running_stack(engine.client(), self.stack)


class ComposeTarget:
    """A single engine without swarm: `docker compose up --wait` does the converging, and
    the history lives in `.devenv/releases/` (a plain engine has no place to keep it)."""

    kind = "compose"

    def __init__(self, cfg: ProjectConfig) -> None:
        self.stack = cfg.project
        self.root = cfg.root

    def check(self) -> str:

        version = engine.check_compose()
        info = engine.client().info()
        name, server = info.get("Name", "?"), info.get("ServerVersion", "?")
        return f"engine {name}, Docker {server}, Compose {version}"

    def nodes(self) -> int | None:
        return None

    def store(self) -> ReleaseStore:
        return DirStore(mirror_dir(self.root))

    def lock_backend(self) -> LockBackend:
        return FileLockBackend(self.root / ".devenv" / f"lock-{self.stack}")

    def deploy(self, text: str, images: Mapping[str, str], timeout: float, say: Say) -> None:
        argv = [engine.docker_bin(), "compose", "-p", self.stack, "-f", "-"]
        argv += ["--project-directory", str(self.root.absolute())]
        argv += ["up", "-d", "--wait", "--wait-timeout", str(max(1, int(timeout)))]
        argv += ["--remove-orphans", "--quiet-pull"]
        say(f"  docker compose up -d --wait ({len(images)} services)")
        proc = subprocess.run(
            argv, input=text, capture_output=True, text=True, env=engine.cli_env(), check=False
        )
        if proc.returncode != 0:
            raise DeployFailed(
                f"docker compose up failed: {(proc.stderr or proc.stdout).strip()[-2000:]}"
                + self._unhealthy()
            )

    def _unhealthy(self) -> str:

        lines: list[str] = []
        for c in engine.project_containers(self.stack, running=False):
            status = str(c.get("Status", ""))
            if "unhealthy" in status or c.get("State") in ("exited", "dead", "restarting"):
                raw = engine.client().api.logs(c["Id"], tail=swarm.LOG_LINES)
                name = (c.get("Names") or ["?"])[0].lstrip("/")
                lines.append(f"\n{name}: {status}")
                lines += [f"  | {line}" for line in raw.decode("utf-8", "replace").splitlines()]
        return "\n".join(lines)

    def redeploy(self, release: Release, timeout: float, say: Say) -> None:
        self.deploy(release.stack, release.images, timeout, say)

    def running(self) -> dict[str, Any]:

        api = engine.client().api
        services: dict[str, Any] = {}
        for c in engine.project_containers(self.stack):
            info = api.inspect_container(c["Id"])
            name = info["Config"]["Labels"].get(engine.SERVICE_LABEL, "?")
            if name in services:
                services[name]["deploy"]["replicas"] += 1
                continue
            image_env = set(api.inspect_image(info["Image"])["Config"].get("Env") or [])
            services[name] = compose_service(info, image_env, f"{self.stack}_")
        return {"services": dict(sorted(services.items()))}


def compose_service(info: Mapping[str, Any], image_env: set[str], prefix: str) -> dict[str, Any]:
    """A container created by Compose, back in Compose form (for `devenv diff running`)."""
    config, host = info["Config"], info["HostConfig"]
    out: dict[str, Any] = {"image": config["Image"]}
    env = [e for e in config.get("Env") or [] if e not in image_env]
    if env:
        out["environment"] = env
    out["ports"] = [
        {
            "target": int(port.split("/")[0]),
            "published": int(b["HostPort"]),
            "mode": "host",
            "protocol": port.split("/")[1],
        }
        for port, binds in (host.get("PortBindings") or {}).items()
        for b in binds or []
    ]
    out["volumes"] = [
        {
            "type": "volume",
            "source": str(m.get("Name", "")).removeprefix(prefix),
            "target": m["Destination"],
        }
        for m in info.get("Mounts") or []
        if m["Type"] == "volume"
    ]
    if config.get("Healthcheck"):
        out["healthcheck"] = {"test": config["Healthcheck"].get("Test", [])}
    limits: dict[str, Any] = {}
    if host.get("NanoCpus"):
        limits["cpus"] = host["NanoCpus"] / 1e9
    if host.get("Memory"):
        limits["memory"] = int(host["Memory"])
    out["deploy"] = {"replicas": 1, **({"resources": {"limits": limits}} if limits else {})}
    return out


class FileLockBackend:
    """The lock for a plain engine: files `lock-<stack>.<generation>` beside the history.
    Each is written aside and hard-linked into place: link(2) fails when the name exists,
    so creation is atomic and no reader ever sees half a record."""

    def __init__(self, path: Path) -> None:
        self.path = path  # generation 0: the single lock file of devenv before generations

    @contextlib.contextmanager
    def _serialized(self) -> Iterator[None]:
        """One listing, creation or removal at a time on this folder. A directory scan is no
        snapshot: one that runs while a contender creates N+3 and removes N+2 can see
        neither, and the lock's proof needs a listing that is (a race test caught one
        overlap in 400 holds under load). Swarm lists its configs from one store read."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name(f".{self.path.name}.mutex"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def name(self, generation: int) -> Path:
        if generation == 0:
            return self.path
        return self.path.with_name(f"{self.path.name}.{generation}")

    def generations(self) -> dict[int, str]:
        with self._serialized():
            return self._generations()

    def _generations(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for entry in self.path.parent.glob(f"{self.path.name}*"):
            suffix = entry.name.removeprefix(self.path.name)
            if suffix and not (suffix[0] == "." and suffix[1:].isdigit()):
                continue
            with contextlib.suppress(FileNotFoundError):
                out[int(suffix[1:] or 0)] = entry.read_text(encoding="utf-8")
        return out

    def create(self, generation: int, data: str) -> bool:
        with self._serialized():
            return self._create(generation, data)

    def _create(self, generation: int, data: str) -> bool:
        fd, aside = tempfile.mkstemp(dir=self.path.parent, prefix=".lock-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
            os.chmod(aside, 0o644)
            os.link(aside, self.name(generation))
        except FileExistsError:
            return False
        finally:
            os.unlink(aside)
        return True

    def remove(self, generation: int) -> None:
        with self._serialized(), contextlib.suppress(FileNotFoundError):
            self.name(generation).unlink()
