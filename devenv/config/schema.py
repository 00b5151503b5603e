"""The project config, `devenv.yaml`: its types, loaded and validated by `load_config`.

The msgspec Structs below are the single source of the schema: `devenv schema` prints
their JSON Schema, the config reference in docs/ is generated from it, and validation
errors are mapped back to `file:line:column` through `devenv.config.yamlload.Positions`
(see `devenv.config.load`). msgspec, not pydantic: it imports in a few milliseconds, and
start-up is most of what a `devenv render` costs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

from devenv import CONFIG_NAME
from devenv.config.composekeys import (
    ComposeKeys,
    DependsOnKey,
    EnvFiles,
    Labels,
    Logging,
    Network,
    Placement,
    Reservations,
    RestartPolicy,
    Rollback,
    ServiceNetworks,
    Ulimit,
    Volume,
)
from devenv.config.yamlload import Positions

DURATION = r"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$"
SIZE = r"^[0-9]+(\.[0-9]+)?[bkmgBKMG]?[bB]?$"
NAME = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$"
PROJECT = r"^[a-z0-9][a-z0-9_-]*$"
ABSOLUTE = r"^/"

Duration = Annotated[str, Meta(pattern=DURATION, description="A duration: `5s`, `1m30s`, `500ms`.")]
ContainerPath = Annotated[str, Meta(pattern=ABSOLUTE, description="An absolute container path.")]
Name = Annotated[str, Meta(pattern=NAME)]
EnvValue = str | int | float | bool | None
Environment = Annotated[
    dict[str, EnvValue] | list[str],
    Meta(description="Non-secret variables: a mapping, or a list of `KEY=VALUE`."),
]
Severity = Literal["error", "warning", "info", "style"]
#: What a label's value must be, as hadolint's `label-schema` says (DL3049-DL3058).
LabelType = Literal["text", "url", "email", "rfc3339", "spdx", "hash", "semver"]
Command = list[str] | str
Ports = Annotated[
    list[str | int],
    Meta(description='`"HOST:CONTAINER"`, `"IP:HOST:CONTAINER"` or `"CONTAINER"`.'),
]
Side = Literal["dev", "prod"]
VOLUME_MOUNT = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*:/[^:]*(:(ro|rw))?$"
VolumeMount = Annotated[
    str,
    Meta(
        pattern=VOLUME_MOUNT,
        description="`NAME:/container/path[:ro]`, NAME a top-level `volumes:` entry.",
    ),
]


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class Build(_Model, frozen=True):
    """How to build the service's image."""

    context: Annotated[str, Meta(description="Build context, relative to devenv.yaml.")] = "."
    dockerfile: Annotated[str, Meta(description="Dockerfile, relative to the context.")] = (
        "Dockerfile"
    )
    target: Annotated[str, Meta(description="Stage built for production.")] | None = None
    args: Annotated[dict[str, str], Meta(description="Build arguments.")] = field(
        default_factory=dict
    )


class Healthcheck(_Model, frozen=True):
    """A container healthcheck, as in Compose."""

    test: Annotated[
        list[str] | str,
        Meta(description='`["CMD", "prog", "arg"]`, `["CMD-SHELL", "cmd"]` or a shell string.'),
    ]
    interval: Duration | None = None
    timeout: Duration | None = None
    retries: Annotated[int, Meta(ge=1)] | None = None
    start_period: Duration | None = None


class ReloadRule(_Model, frozen=True):
    """What to do when files matching `paths` change during `devenv up`.

    A change goes to the first rule whose `paths` match it, and to the later rules with the
    very same `paths`: a `sync` and a `restart` (or an `exec`) of the same paths sync, then
    restart. `devenv render dev` writes what Compose can say of the rules as each service's
    `develop.watch`, for `docker compose watch`.
    """

    paths: Annotated[list[str], Meta(min_length=1, description="Globs, relative to devenv.yaml.")]
    action: Literal["restart", "rebuild", "sync", "exec"]
    exec: (
        Annotated[str, Meta(description="Command run in the container (action: exec).")] | None
    ) = None
    target: (
        Annotated[str, Meta(pattern=ABSOLUTE, description="Container folder (action: sync).")]
        | None
    ) = None
    source: Annotated[str, Meta(description="Host folder synced to `target` (action: sync).")] = "."


class DevSecret(_Model, frozen=True):
    """A development-only secret file, mounted where production mounts the real one."""

    name: Name
    file: Annotated[str, Meta(description="File with the secret, relative to devenv.yaml.")]
    target: Annotated[str, Meta(description="Default: /run/secrets/<name>.")] | None = None


class Dev(_Model, frozen=True):
    """Settings for the development stack only."""

    target: Annotated[str, Meta(description="Build stage for development.")] | None = None
    mounts: Annotated[
        list[str], Meta(description='Source bind mounts, `"./src:/app/src[:ro]"`.')
    ] = field(default_factory=list)
    environment: Environment = field(default_factory=dict)
    command: list[str] | str | None = None
    reload: list[ReloadRule] = field(default_factory=list)
    ignore: Annotated[list[str], Meta(description="Globs never watched.")] = field(
        default_factory=list
    )
    secrets: list[DevSecret] = field(default_factory=list)
    entrypoint: Command | None = None
    devices: Annotated[list[str], Meta(description="`/dev/x[:/dev/y[:rwm]]`.")] = field(
        default_factory=list
    )
    container_name: str | None = None
    profiles: Annotated[
        list[str], Meta(description="Started only with `--profile` (Compose profiles).")
    ] = field(default_factory=list)
    restart: (
        Annotated[
            Literal["no", "always", "on-failure", "unless-stopped"] | str,
            Meta(description="Compose's restart policy (prod has `prod.restart`)."),
        ]
        | None
    ) = None
    ports: (
        Annotated[Ports, Meta(description="The dev stack's ports instead of the service's.")] | None
    ) = None
    networks: (
        Annotated[
            ServiceNetworks, Meta(description="The dev stack's networks instead of the service's.")
        ]
        | None
    ) = None
    process_restart: Annotated[
        bool,
        Meta(
            description="A `restart` rule restarts the service's process in its running "
            "container, not the container (no runtime stop and start: a reload served in "
            "about a third of the time, see bench/reload.py): the command runs "
            "under a small shell supervisor, so the image needs `sh`, and the command "
            "(`command` or `dev.command`, with `dev.entrypoint` if any) must be in "
            "devenv.yaml; the image's own ENTRYPOINT is not run."
        ),
    ] = False
    compose: ComposeKeys = field(default_factory=dict)


class ConfigFile(_Model, frozen=True):
    """A file mounted read-only through a Swarm config."""

    source: Annotated[str, Meta(description="File relative to devenv.yaml.")]
    target: ContainerPath


class ProdSecret(_Model, frozen=True):
    """A production secret: from a file, or created beforehand (`external: true`)."""

    name: Name
    file: str | None = None
    external: bool = False
    target: Annotated[str, Meta(description="Default: /run/secrets/<name>.")] | None = None


class Resources(_Model, frozen=True):
    """Limits for each replica."""

    cpus: Annotated[float | str, Meta(description="CPU limit, e.g. `0.5`.")] | None = None
    memory: Annotated[str, Meta(pattern=SIZE, description="Memory limit, e.g. `256M`.")] | None = (
        None
    )
    pids: Annotated[int, Meta(ge=1)] | None = None
    reservations: Reservations | None = None


class Update(_Model, frozen=True):
    """Rolling update settings (Swarm `update_config`)."""

    order: (
        Annotated[
            Literal["start-first", "stop-first"],
            Meta(description="Default start-first, or stop-first with host-mode ports."),
        ]
        | None
    ) = None
    parallelism: Annotated[int, Meta(ge=0)] = 1
    delay: Duration | None = None
    monitor: Duration = "10s"
    failure_action: Literal["rollback", "pause", "continue"] = "rollback"
    max_failure_ratio: Annotated[float, Meta(ge=0)] | None = None


class Prod(_Model, frozen=True):
    """Settings for the production stack only."""

    replicas: Annotated[int, Meta(ge=0)] = 1
    publish_mode: Annotated[
        Literal["ingress", "host"],
        Meta(description="`host` publishes on each node (needed without IPVS)."),
    ] = "ingress"
    endpoint_mode: Annotated[
        Literal["vip", "dnsrr"],
        Meta(
            description="How other services find this one: a virtual IP (needs IPVS) or DNS "
            "round-robin over the tasks (`dnsrr`, only with `publish_mode: host`)."
        ),
    ] = "vip"
    configs: list[ConfigFile] = field(default_factory=list)
    secrets: list[ProdSecret] = field(default_factory=list)
    resources: Resources = field(default_factory=Resources)
    update: Update = field(default_factory=Update)
    restart: Literal["any", "on-failure", "none"] | RestartPolicy = "any"
    environment: Environment = field(default_factory=dict)
    image: (
        Annotated[
            str,
            Meta(
                description="A built service: the repository its release is pushed to "
                "(devenv's tag replaces any tag). Default: `<registry>/<project>/<service>`."
            ),
        ]
        | None
    ) = None
    mode: Literal["replicated", "global"] = "replicated"
    placement: Placement | None = None
    labels: Annotated[Labels, Meta(description="Labels on the Swarm service.")] = field(
        default_factory=dict
    )
    rollback: Rollback | None = None
    ports: (
        Annotated[Ports, Meta(description="The prod stack's ports instead of the service's.")]
        | None
    ) = None
    networks: (
        Annotated[
            ServiceNetworks,
            Meta(description="The prod stack's networks instead of the service's."),
        ]
        | None
    ) = None
    compose: ComposeKeys = field(default_factory=dict)


class DataVolume(_Model, frozen=True):
    """A `data:` path on a volume named here (`db-data`), not after the path."""

    path: ContainerPath
    volume: Name


class Service(_Model, frozen=True):
    """One service of the application: exactly one of `build` or `image`."""

    build: Build | None = None
    image: str | None = None
    command: list[str] | str | None = None
    ports: Ports = field(default_factory=list)
    environment: Environment = field(default_factory=dict)
    data: Annotated[
        list[ContainerPath | DataVolume],
        Meta(
            description="Container paths holding state: named volumes, named after the path "
            "or given as `{path: /x, volume: NAME}`."
        ),
    ] = field(default_factory=list)
    healthcheck: Healthcheck | None = None
    depends_on: DependsOnKey = field(default_factory=list)
    user: str | None = None
    working_dir: ContainerPath | None = None
    entrypoint: Command | None = None
    env_file: EnvFiles = field(default_factory=list)
    networks: ServiceNetworks = field(default_factory=list)
    volumes: list[VolumeMount] = field(default_factory=list)
    expose: list[str | int] = field(default_factory=list)
    labels: Annotated[Labels, Meta(description="Labels on the container.")] = field(
        default_factory=dict
    )
    hostname: str | None = None
    extra_hosts: Annotated[
        list[str] | dict[str, str | list[str]], Meta(description="`HOST:IP` entries.")
    ] = field(default_factory=list)
    cap_add: list[str] = field(default_factory=list)
    cap_drop: list[str] = field(default_factory=list)
    security_opt: list[str] = field(default_factory=list)
    read_only: bool | None = None
    tmpfs: str | list[str] = field(default_factory=list)
    ulimits: dict[str, int | Ulimit] = field(default_factory=dict)
    sysctls: dict[str, str | int] | list[str] = field(default_factory=dict)
    stop_signal: str | None = None
    stop_grace_period: Duration | None = None
    init: (
        Annotated[bool, Meta(description="Default: true (tini as PID 1) in both stacks.")] | None
    ) = None
    platform: Annotated[str, Meta(description="Dev only: Swarm rejects it.")] | None = None
    shm_size: str | int | None = None
    logging: Logging | None = None
    compose: ComposeKeys = field(default_factory=dict)
    dev: Dev = field(default_factory=Dev)
    prod: Prod = field(default_factory=Prod)

    def data_volumes(self, service: str) -> list[tuple[str, str]]:
        """(volume, container path) of each `data:` entry."""
        return [
            (d.volume, d.path) if isinstance(d, DataVolume) else (volume_name(service, d), d)
            for d in self.data
        ]

    def side_ports(self, side: Side) -> list[str | int]:
        """The ports of one stack: its own (`dev.ports`, `prod.ports`), else the service's."""
        own = self.dev.ports if side == "dev" else self.prod.ports
        return self.ports if own is None else own

    def side_networks(self, side: Side) -> ServiceNetworks:
        """The networks of one stack: its own, else the service's."""
        own = self.dev.networks if side == "dev" else self.prod.networks
        return self.networks if own is None else own

    def depends(self) -> list[str]:
        """The names in `depends_on`, in either form."""
        return list(self.depends_on)


class Ntp(_Model, frozen=True):
    """The time source every production host must follow."""

    servers: Annotated[list[str], Meta(description='`"host"` or `"host:port"`.')] = field(
        default_factory=list
    )
    max_offset_ms: Annotated[float, Meta(gt=0)] = 100.0
    node_image: Annotated[
        str,
        Meta(
            description="Image of the job that reads each swarm node's clock for `promote` "
            "(a busybox every node has or can pull)."
        ),
    ] = "busybox:1.36"


class Lint(_Model, frozen=True):
    """Settings for `devenv lint`."""

    ignore: Annotated[list[str], Meta(description="Rule ids never reported.")] = field(
        default_factory=list
    )
    override: Annotated[
        dict[Severity, list[str]], Meta(description="Severity per rule id, as in .hadolint.yaml.")
    ] = field(default_factory=dict)
    failure_threshold: Severity | Literal["none"] = "warning"
    trusted_registries: list[str] = field(default_factory=list)
    label_schema: Annotated[
        dict[str, LabelType],
        Meta(description="Labels every image must carry, and the form of each value (DL3049)."),
    ] = field(default_factory=dict)
    strict_labels: Annotated[
        bool, Meta(description="Only the labels of `label_schema` are allowed (DL3050).")
    ] = False


class ProjectConfig(_Model, frozen=True, dict=True):
    """devenv.yaml, version 1."""

    project: Annotated[
        str,
        Meta(
            pattern=PROJECT,
            description="Project name: the prod stack's name; the dev stack is `<project>-dev`.",
        ),
    ]
    services: Annotated[dict[Name, Service], Meta(min_length=1)]
    version: Literal[1] = 1
    registry: (
        Annotated[str, Meta(description="Image prefix for production, e.g. `127.0.0.1:5000`.")]
        | None
    ) = None
    ntp: Ntp = field(default_factory=Ntp)
    lint: Lint = field(default_factory=Lint)
    networks: Annotated[
        dict[Name, Network], Meta(description="Networks services join by name, in both stacks.")
    ] = field(default_factory=dict)
    volumes: Annotated[
        dict[Name, Volume], Meta(description="Named volumes services mount, in both stacks.")
    ] = field(default_factory=dict)
    x_compose: Annotated[
        ComposeKeys, Meta(description="Top-level Compose keys, merged last into both stacks.")
    ] = field(default_factory=dict, name="x-compose")
    allow_outside_project: Annotated[
        list[str],
        Meta(
            description="Files outside the project folder that prod.configs[].source, "
            "prod.secrets[].file, dev.secrets[].file and env_file may name (after symlinks). "
            "Anything "
            "else outside the folder is refused: a reviewer sees each exception here."
        ),
    ] = field(default_factory=list)

    # Where the config came from, set by the loader (`__dict__`, not fields: not config keys).
    @property
    def path(self) -> Path:
        path: Path = self.__dict__.get("_path", Path(CONFIG_NAME))
        return path

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are resolved from."""
        return self.path.parent

    @property
    def positions(self) -> Positions:
        positions: Positions = self.__dict__.get("_positions", Positions(CONFIG_NAME))
        return positions

    @property
    def raw(self) -> dict[str, Any]:
        """The mapping as written (after interpolation): what keys the user set."""
        raw: dict[str, Any] = self.__dict__.get("_raw", {})
        return raw


def volume_name(service: str, container_path: str) -> str:
    """The named volume holding `container_path` of `service`, the same in both stacks."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", container_path).strip("-") or "root"
    return f"{service}-{slug}"


def environment(env: dict[str, EnvValue] | list[str]) -> dict[str, str]:
    """Normalise a Compose-style environment to `{KEY: "value"}`."""
    if isinstance(env, list):
        return dict((item.partition("=")[0], item.partition("=")[2]) for item in env)
    out: dict[str, str] = {}
    for key, value in env.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = str(value)
    return out
