"""The Docker engine, through the Compose v2 CLI and the Engine API (the `docker` SDK).

This is the one place that decides which engine this process talks to: `DOCKER_HOST` (and
`DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`), or the docker context chosen with `use_context`.
SDK clients come from `client()` (cached) or `open_client(timeout)` (bounded, closed after);
every docker CLI devenv runs gets `cli_env()`, so the CLI and the SDK never disagree.

The docker CLI is `DEVENV_DOCKER` when set (a path, for machines with several), else
`docker` on PATH; `docker_cli()` asks it its version once per process and says what it
can do: Debian 12's 20.10 has no `stack deploy --detach` and its Swarm loader wants a
`version:` key, which CLI 23 and later no longer need (issue 11).

devenv never parses human-readable output: Compose is asked for JSON (`ps --format json`,
`version --format json`), containers are inspected through the API. The SDK is imported
lazily: it costs about 200 ms, which commands such as `devenv render` must not pay.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import tarfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv.errors import DevenvError

if TYPE_CHECKING:
    from docker import DockerClient

MIN_COMPOSE = (2, 20)
MIN_API = (1, 41)  # Docker Engine 20.10
MIN_CLI = (20, 10)  # Debian 12's docker.io
# docker/cli#3257 (CLI 23.0): a stack file without `version:` is read as the latest 3.x
CLI_STACK_VERSIONLESS = (23, 0)
# docker/cli#373, shipped in CLI 26.0: `docker stack deploy --detach`
CLI_STACK_DETACH = (26, 0)
# The newest schema CLI 20.10's Swarm loader knows; everything devenv renders is in it.
STACK_SCHEMA = "3.9"
# What a user does, wherever devenv runs (not this repository's own harness script).
COMPOSE_INSTALL = (
    "install the Docker Compose v2 plugin (Docker's docker-compose-plugin package, or its "
    "binary as ~/.docker/cli-plugins/docker-compose)"
)
ENGINE_START = (
    "start it (`sudo systemctl start docker`, or `sudo dockerd &`), or point DOCKER_HOST "
    "at a running one (e.g. DOCKER_HOST=unix:///run/user/1000/docker.sock for rootless "
    "Docker, ssh://user@host for a remote one)"
)
CLI_INSTALL = (
    "install Docker CLI 20.10 or later (Debian 12: `apt-get install docker.io`; or Docker's "
    "docker-ce-cli package), or point DEVENV_DOCKER at one"
)
PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"
POLL = 0.02


class ComposeStack(NamedTuple):
    """A Compose project on disk: its name, its generated file and its project folder."""

    project: str
    file: Path
    directory: Path

    def argv(self, *args: str) -> list[str]:
        return [
            docker_bin(),
            "compose",
            "-p",
            self.project,
            "-f",
            str(self.file),
            "--project-directory",
            str(self.directory),
            *args,
        ]


class FileCopy(NamedTuple):
    host: Path
    container: str


def _version_tuple(text: str) -> tuple[int, ...]:
    match = re.match(r"v?(\d+)\.(\d+)(?:\.(\d+))?", text.strip())
    if not match:
        return ()
    return tuple(int(part) for part in match.groups("0"))


class DockerCLI(NamedTuple):
    """The docker CLI devenv runs: where it is, its version, and what that version can do."""

    path: str
    version: tuple[int, ...]
    number: str  # as the CLI prints it: "20.10.24+dfsg1"

    @property
    def stack_detach(self) -> bool:
        """`docker stack deploy --detach` exists (CLI 26.0 and later)."""
        return self.version[:2] >= CLI_STACK_DETACH

    @property
    def stack_needs_version(self) -> bool:
        """The Swarm loader rejects a stack file without `version:` (before CLI 23.0)."""
        return self.version[:2] < CLI_STACK_VERSIONLESS


def docker_bin() -> str:
    """The docker CLI to run: `DEVENV_DOCKER` (a path or a name on PATH), else `docker`."""
    return os.environ.get("DEVENV_DOCKER") or "docker"


def parse_cli_version(text: str) -> str:
    """`Docker version 20.10.24+dfsg1, build 297e128` -> "20.10.24+dfsg1"; "" if unreadable."""
    match = re.search(r"version\s+v?(\d+\.\d+[^\s,]*)", text)
    return match.group(1) if match else ""


def probe_cli(name: str) -> DockerCLI:
    """Ask the CLI `name` its version (`docker --version` needs no engine); a missing,
    broken or too old CLI is a DevenvError that says what to install."""
    chosen = "DEVENV_DOCKER" if os.environ.get("DEVENV_DOCKER") else "PATH"
    path = shutil.which(name)
    if path is None:
        where = f"at DEVENV_DOCKER={name}" if chosen == "DEVENV_DOCKER" else f"`{name}` on PATH"
        raise DevenvError(f"no docker CLI {where}: {CLI_INSTALL}")
    try:
        proc = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DevenvError(f"the docker CLI {path} does not run ({exc}): {CLI_INSTALL}") from None
    text = proc.stdout.strip()
    number = parse_cli_version(text) if proc.returncode == 0 else ""
    version = _version_tuple(number)
    if not version:
        said = (text or proc.stderr.strip() or "nothing")[:200]
        raise DevenvError(
            f"`{path} --version` said {said!r}, not a Docker CLI version: {CLI_INSTALL}"
        )
    if version[:2] < MIN_CLI:
        raise DevenvError(
            f"the docker CLI {path} is version {number}; devenv needs "
            f"{'.'.join(map(str, MIN_CLI))} or later: {CLI_INSTALL}"
        )
    return DockerCLI(path, version, number)


@cache
def docker_cli() -> DockerCLI:
    """The docker CLI of this process (`docker_bin()`), probed once."""
    return probe_cli(docker_bin())


def stack_for_cli(text: str, cli: DockerCLI) -> str:
    """A rendered prod stack as this CLI's Swarm loader accepts it: with `version:` for a
    CLI before 23.0, as rendered (no key, which Compose v2 calls obsolete) for later ones."""
    if not cli.stack_needs_version:
        return text
    return f'version: "{STACK_SCHEMA}"\n{text}'


def check_compose() -> str:
    """The Compose v2 version; a missing or old docker CLI or Compose is a DevenvError."""
    cli = docker_cli()
    try:
        proc = subprocess.run(
            [cli.path, "compose", "version", "--format", "json"],
            env=cli_env(),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        version = str(json.loads(proc.stdout)["version"]) if proc.returncode == 0 else ""
    except (subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
        version = ""
    if not version:
        raise DevenvError(f"`docker compose` (Compose v2) does not work here: {COMPOSE_INSTALL}")
    if _version_tuple(version)[:2] < MIN_COMPOSE:
        raise DevenvError(
            f"Docker Compose {version} is too old: devenv needs "
            f"{'.'.join(map(str, MIN_COMPOSE))} or later; upgrade the Compose plugin"
        )
    return version


class Endpoint(NamedTuple):
    """Where the engine is: a `DOCKER_HOST`-style URL, and the folder of its TLS files."""

    host: str
    tls_dir: str | None = None


_context: Endpoint | None = None


def use_context(name: str) -> None:
    """Talk to the engine of a docker context from now on, in the SDK and in every CLI run.

    Asked of the docker CLI (JSON), which owns contexts: the SDK's own reader misses them
    when ~/.docker/config.json does not exist.
    """
    global _context
    try:
        proc = subprocess.run(
            [docker_bin(), "context", "inspect", name, "--format", "{{json .}}"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DevenvError(f"--context {name}: cannot run the docker CLI ({exc})") from None
    if proc.returncode != 0:
        raise DevenvError(f"--context {name}: no such docker context (see `docker context ls`)")
    inspected = json.loads(proc.stdout)
    found = inspected.get("Endpoints", {}).get("docker", {})
    if not found.get("Host"):
        raise DevenvError(f"--context {name}: the context names no Docker engine")
    tls_dir = os.path.join(inspected.get("Storage", {}).get("TLSPath", ""), "docker")
    use_tls = not found.get("SkipTLSVerify") and os.path.isdir(tls_dir)
    _context = Endpoint(found["Host"], tls_dir if use_tls else None)
    client.cache_clear()


def endpoint() -> Endpoint:
    if _context is not None:
        return _context
    tls = os.environ.get("DOCKER_TLS_VERIFY") and os.environ.get("DOCKER_CERT_PATH")
    return Endpoint(os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock", tls or None)


def docker_host() -> str:
    return endpoint().host


def cli_env() -> dict[str, str]:
    """The environment for a docker CLI child: the same engine as this process's SDK."""
    env = dict(os.environ)
    if _context is not None:
        env.pop("DOCKER_CONTEXT", None)
        env["DOCKER_HOST"] = _context.host
        if _context.tls_dir:
            env.update(DOCKER_CERT_PATH=_context.tls_dir, DOCKER_TLS_VERIFY="1")
        else:
            env.pop("DOCKER_TLS_VERIFY", None)
    return env


def _sdk(version: str, timeout: float, **kwargs: Any) -> DockerClient:
    import docker
    from docker.tls import TLSConfig

    where = endpoint()
    tls = None
    if where.tls_dir:
        files = {n: os.path.join(where.tls_dir, f"{n}.pem") for n in ("ca", "cert", "key")}
        tls = TLSConfig(client_cert=(files["cert"], files["key"]), ca_cert=files["ca"], verify=True)
    return docker.DockerClient(
        base_url=where.host, version=version, timeout=timeout, tls=tls or False, **kwargs
    )


def _probe_socket(host: str, timeout: float) -> None:
    # The SDK leaks its socket when a unix connection is refused: knock first.
    import socket

    if not host.startswith("unix://"):
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        try:
            probe.connect(host.removeprefix("unix://"))
        except OSError as exc:
            why = exc.strerror or _first_line(exc)
            raise ConnectionError(f"nothing answers there: {why}") from None


@contextmanager
def open_client(timeout: float) -> Iterator[DockerClient]:
    """A client whose every request is bounded by `timeout`, closed afterwards; for checks
    that must answer in time (clocks, doctor) rather than wait for a slow engine."""
    _probe_socket(docker_host(), timeout)
    api = _sdk("auto", timeout)
    try:
        yield api
    finally:
        api.close()


@cache
def client() -> DockerClient:
    """The Engine API client for this process's engine; an unreachable or old engine is a
    DevenvError."""
    from docker.errors import DockerException
    from requests.exceptions import RequestException

    host = docker_host()
    unreachable = f"cannot reach the Docker engine at {host} ({{}}): {ENGINE_START}"
    if host.startswith("unix://") and not os.path.exists(host.removeprefix("unix://")):
        raise DevenvError(unreachable.format("no such socket"))
    # Ask the engine its API version ourselves (the SDK's "auto" leaks its socket when the
    # engine does not answer), then talk the engine's version, as the docker CLI does.
    probe = _sdk(".".join(map(str, MIN_API)), 10)
    try:
        version = str(probe.version(api_version=False).get("ApiVersion", ""))
    except (DockerException, RequestException) as exc:
        raise DevenvError(unreachable.format(_first_line(exc))) from None
    finally:
        probe.close()
    if _version_tuple(version)[:2] < MIN_API:
        raise DevenvError(
            f"the Docker engine at {host} speaks API {version or '?'}; devenv needs "
            f"{'.'.join(map(str, MIN_API))} (Docker 20.10) or later: upgrade Docker Engine"
        )
    return _sdk(version, 60, max_pool_size=64)


def explain(exc: BaseException) -> str:
    """An engine error in a user's words: what the engine said, never a raw `APIError: 500
    Server Error for http+docker://…` (issue 16)."""
    from docker.errors import APIError, NotFound
    from requests.exceptions import RequestException

    if isinstance(exc, DevenvError):
        return exc.message
    if isinstance(exc, NotFound):
        return "its container is gone (removed meanwhile, e.g. by `devenv down` or `docker rm`)"
    if isinstance(exc, APIError):
        said = exc.explanation
        text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said or "")
        return f"the engine refused: {text.strip() or _first_line(exc)}"
    if isinstance(exc, RequestException):
        return f"the engine at {docker_host()} stopped answering ({_first_line(exc)})"
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def check() -> None:
    """Compose present and recent, engine reachable and recent."""
    check_compose()
    client()


def compose(
    stack: ComposeStack,
    *args: str,
    capture: bool = False,
    merge: bool = True,
    own_session: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `docker compose` on the stack; `capture` keeps its output for the caller, stderr
    in stdout when `merge` (Compose prints progress and warnings on stderr).

    `own_session` puts Compose in its own session, so that a second Ctrl-C at the terminal
    cannot interrupt it (used for the stop that follows the first one).
    """
    env = cli_env()
    if not capture and not _stderr_is_terminal():
        return _filtered(stack.argv(*args), env, own_session, timeout)
    try:
        proc = subprocess.run(
            stack.argv(*args),
            env=env,
            stdout=subprocess.PIPE if capture else None,
            stderr=(subprocess.STDOUT if merge else subprocess.PIPE) if capture else None,
            text=True,
            check=False,
            start_new_session=own_session,
            timeout=timeout,
        )
    except FileNotFoundError:
        raise DevenvError(f"no docker CLI `{docker_bin()}`: {CLI_INSTALL}") from None
    if capture and proc.stdout:
        proc.stdout = drop_builder_warnings(proc.stdout)
    return proc


def _stderr_is_terminal() -> bool:
    try:
        return os.isatty(2)
    except OSError:
        return False


def popen(argv: list[str], **kwargs: Any) -> subprocess.Popen[str]:
    """Start a docker CLI process whose output the caller reads as it comes (text); a missing
    CLI is a DevenvError that says how to get one."""
    try:
        return subprocess.Popen(argv, text=True, **kwargs)
    except FileNotFoundError:
        raise DevenvError(f"no docker CLI `{docker_bin()}`: {CLI_INSTALL}") from None


def _filtered(
    argv: list[str], env: dict[str, str], own_session: bool, timeout: float | None
) -> subprocess.CompletedProcess[str]:
    # Compose's stderr passed through, less its builder warnings. Only where stderr is no
    # terminal (a script, a log): at one, Compose draws its progress there and needs it.
    import sys
    import threading

    child = popen(argv, env=env, stderr=subprocess.PIPE, start_new_session=own_session)

    def relay() -> None:
        assert child.stderr is not None
        for line in child.stderr:
            if not any(w in line for w in _BUILDER_WARNINGS):
                sys.stderr.write(line)
                sys.stderr.flush()

    relaying = threading.Thread(target=relay, daemon=True)
    relaying.start()
    try:
        code = child.wait(timeout=timeout)
    finally:
        relaying.join(timeout=5)
        if child.stderr is not None:
            child.stderr.close()
    return subprocess.CompletedProcess(argv, code)


# Compose 2.40 without buildx warns on every build, whichever builder it is told to use
# (`COMPOSE_BAKE=false` is deprecated, unset it wants bake): noise in a reload's report.
_BUILDER_WARNINGS = ("COMPOSE_BAKE=false is deprecated", "configured to build using Bake")


def drop_builder_warnings(text: str) -> str:
    """Compose's output without its builder warnings (issue 16), which say nothing of the
    build at hand."""
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not any(w in line for w in _BUILDER_WARNINGS))


def compose_ps(stack: ComposeStack) -> list[dict[str, Any]]:
    """`docker compose ps --all --format json`: one mapping per container."""
    proc = compose(stack, "ps", "--all", "--format", "json", capture=True, merge=False, timeout=60)
    if proc.returncode != 0:
        raise DevenvError(f"`docker compose ps` failed: {proc.stderr.strip()[-500:]}")
    return parse_ps(proc.stdout)


def parse_ps(text: str) -> list[dict[str, Any]]:
    """Compose >= 2.21 prints one JSON object a line; older ones print one JSON array."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        rows: list[dict[str, Any]] = json.loads(text)
        return rows
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def containers(project: str, service: str, *, running: bool = False) -> list[str]:
    """Ids of the service's containers (one-off `run` containers excluded)."""
    labels = [f"{PROJECT_LABEL}={project}", f"{SERVICE_LABEL}={service}"]
    found = client().api.containers(all=not running, filters={"label": labels})
    return [
        str(c["Id"])
        for c in found
        if c.get("Labels", {}).get("com.docker.compose.oneoff", "False") != "True"
    ]


def project_containers(project: str, *, running: bool = True) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client().api.containers(
        all=not running, filters={"label": [f"{PROJECT_LABEL}={project}"]}
    )
    return found


def restart(container: str) -> None:
    """Stop at once (SIGTERM then SIGKILL: dev stacks run tini as PID 1) and start again."""
    client().api.restart(container, timeout=0)


def signal(container: str, name: str) -> None:
    """Send a signal to the container's PID 1 (`docker kill --signal`)."""
    client().api.kill(container, signal=name)


def start(container: str) -> None:
    client().api.start(container)


def state(container: str) -> dict[str, Any]:
    info: dict[str, Any] = client().api.inspect_container(container)
    result: dict[str, Any] = info["State"]
    return result


def wait_running(container: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        st = state(container)
        if st.get("Running") and not st.get("Restarting"):
            return
        if time.monotonic() > deadline:
            raise DevenvError(f"container {container[:12]} is not running: {st.get('Status')}")
        time.sleep(POLL)


def wait_healthy(
    container: str, timeout: float, cancelled: Callable[[], bool] = lambda: False
) -> str:
    """`healthy`, `unhealthy`, `none` (no healthcheck), `stopped`, `timeout` or `cancelled`."""
    deadline = time.monotonic() + timeout
    while True:
        if cancelled():
            return "cancelled"
        st = state(container)
        if not st.get("Running"):
            return "stopped"
        health = (st.get("Health") or {}).get("Status")
        if health in (None, "healthy", "unhealthy"):
            return str(health or "none")
        if time.monotonic() > deadline:
            return "timeout"
        time.sleep(POLL * 5)


def copy_in(container: str, files: Iterable[FileCopy]) -> int:
    """Copy host files (folders recursively) to their container paths; the count copied."""
    buf = io.BytesIO()
    count = 0
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for item in files:
            tar.add(str(item.host), arcname=item.container.lstrip("/"), recursive=True)
            count += 1
    if count:
        client().api.put_archive(container, "/", buf.getvalue())
    return count


def remove_in(container: str, paths: Sequence[str]) -> None:
    # As root: put_archive wrote the files as the engine does, whatever the service's user.
    if paths:
        code, output = exec_in(container, ["rm", "-rf", "--", *paths], user="0")
        if code != 0:
            raise DevenvError(f"cannot delete {len(paths)} file(s) in the container: {output}")


def exec_in(container: str, argv: Sequence[str], user: str = "") -> tuple[int, str]:
    """Run `argv` in the container; its exit code and its output (stdout and stderr)."""
    api = client().api
    exec_id = api.exec_create(container, list(argv), stdout=True, stderr=True, user=user)["Id"]
    output = api.exec_start(exec_id, stream=False, demux=False)
    code = api.exec_inspect(exec_id).get("ExitCode")
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else str(output)
    return (int(code) if code is not None else 0), text


def split_command(command: str) -> list[str]:
    """An `exec:` reload command is split like Compose splits a string `command:`."""
    return shlex.split(command)
