"""The types of the devenv.yaml keys that say what Compose says (issue 12): networks, named
volumes, `depends_on` conditions, logging, ulimits, Swarm placement and rollback.

They are written as Compose writes them, so an imported project reads the same; `schema.py`
puts them on the service, and `devenv.render` writes them into the stacks.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

DURATION = r"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$"
Duration = Annotated[str, Meta(pattern=DURATION, description="A duration: `5s`, `1m30s`, `500ms`.")]
StrMap = dict[str, str | int | float | bool | None]
Labels = Annotated[
    dict[str, str | int | float | bool | None] | list[str],
    Meta(description="A mapping, or a list of `KEY=VALUE`."),
]
# What `compose:` and `x-compose:` hold: Compose keys devenv does not model, merged last.
ComposeKeys = Annotated[
    dict[str, Any],
    Meta(
        description="Compose keys devenv does not model yet, merged last into what devenv "
        "renders (a mapping is merged key by key, anything else replaces; `null` removes)."
    ),
]


EngineName = Annotated[str, Meta(description="The engine's name for it (default: the stack's).")]
NetworkDriver = Annotated[str, Meta(description="Default `bridge` in dev, `overlay` in prod.")]


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class IpamPool(_Model, frozen=True):
    """One address pool of a network."""

    subnet: str | None = None
    gateway: str | None = None
    ip_range: str | None = None


class Ipam(_Model, frozen=True):
    """The network's address management, as in Compose."""

    driver: str | None = None
    config: list[IpamPool] = field(default_factory=list)


class Network(_Model, frozen=True):
    """A network the services join (top-level `networks:`, as in Compose)."""

    name: EngineName | None = None
    driver: NetworkDriver | None = None
    driver_opts: StrMap = field(default_factory=dict)
    external: Annotated[bool, Meta(description="Created beforehand, not by devenv.")] = False
    attachable: bool | None = None
    internal: Annotated[bool, Meta(description="No route to the outside.")] | None = None
    labels: Labels = field(default_factory=dict)
    ipam: Ipam | None = None


class ServiceNetwork(_Model, frozen=True):
    """How a service joins one network."""

    aliases: Annotated[list[str], Meta(description="More names for the service there.")] = field(
        default_factory=list
    )
    ipv4_address: str | None = None
    ipv6_address: str | None = None


ServiceNetworks = Annotated[
    list[str] | dict[str, ServiceNetwork | None],
    Meta(
        description="The networks the service joins: a list of names, or a mapping with "
        "`aliases` and `ipv4_address`. None named: the stack's default network."
    ),
]


class Volume(_Model, frozen=True):
    """A named volume (top-level `volumes:`, as in Compose), mounted with `NAME:/path`."""

    name: EngineName | None = None
    external: Annotated[bool, Meta(description="Created beforehand, not by devenv.")] = False
    driver: str | None = None
    driver_opts: StrMap = field(default_factory=dict)
    labels: Labels = field(default_factory=dict)


class DependsOn(_Model, frozen=True):
    """Start after another service (dev); prod renders the names only."""

    condition: Literal["service_started", "service_healthy", "service_completed_successfully"] = (
        "service_started"
    )
    restart: bool | None = None
    required: bool | None = None


DependsOnKey = Annotated[
    list[str] | dict[str, DependsOn],
    Meta(
        description="Services started first: a list, or a mapping with a `condition` "
        "(dev waits for it; Swarm does not order start-up)."
    ),
]


class EnvFile(_Model, frozen=True):
    """An env file, with whether it must exist."""

    path: str
    required: bool = True
    format: str | None = None


EnvFiles = Annotated[
    str | list[str | EnvFile],
    Meta(
        description="Files of `KEY=VALUE`, relative to devenv.yaml: given to Compose in dev, "
        "read and inlined into the environment in prod."
    ),
]


class Ulimit(_Model, frozen=True):
    soft: int
    hard: int


class Logging(_Model, frozen=True):
    """The container's log driver, as in Compose."""

    driver: str | None = None
    options: StrMap = field(default_factory=dict)


class Spread(_Model, frozen=True):
    spread: Annotated[str, Meta(description="A node label or attribute, e.g. `node.labels.zone`.")]


class Placement(_Model, frozen=True):
    """Where Swarm may run the tasks."""

    constraints: Annotated[list[str], Meta(description="e.g. `node.role == manager`.")] = field(
        default_factory=list
    )
    preferences: list[Spread] = field(default_factory=list)
    max_replicas_per_node: Annotated[int, Meta(ge=1)] | None = None


class Rollback(_Model, frozen=True):
    """How Swarm rolls a failed update back (`rollback_config`)."""

    parallelism: Annotated[int, Meta(ge=0)] = 0
    order: Literal["start-first", "stop-first"] | None = None
    delay: Duration | None = None
    monitor: Duration | None = None
    failure_action: Literal["continue", "pause"] | None = None
    max_failure_ratio: Annotated[float, Meta(ge=0)] | None = None


class RestartPolicy(_Model, frozen=True):
    """Swarm's restart policy in full."""

    condition: Literal["any", "on-failure", "none"] = "any"
    delay: Duration = "5s"
    max_attempts: Annotated[int, Meta(ge=0)] | None = None
    window: Duration | None = None


class Reservations(_Model, frozen=True):
    """What the scheduler sets aside for each replica."""

    cpus: float | str | None = None
    memory: str | None = None


def merge(base: Any, over: Any) -> Any:
    """`over` merged into `base` as `compose:` is: mappings key by key, `None` removes."""
    if not isinstance(over, dict):
        return over
    if not isinstance(base, dict):
        base = {}
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out
