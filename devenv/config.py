"""The project config, `devenv.yaml`: models, loading and positioned validation.

The pydantic models are the single source of the schema: `devenv schema` prints their
JSON Schema, the config reference in docs/ is generated from it, and validation errors
are mapped back to `file:line:column` through `devenv.yamlload.Positions`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from devenv.errors import DevenvError
from devenv.yamlload import Positions

CONFIG_NAME = "devenv.yaml"


def _duration_is_text(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError(f"expected a duration such as '5s' or '1m30s', got {value!r}")
    return value


Duration = Annotated[
    str,
    BeforeValidator(_duration_is_text),
    StringConstraints(pattern=r"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$"),
    Field(description="A Go duration such as `5s`, `1m30s` or `500ms`."),
]
ContainerPath = Annotated[
    str,
    StringConstraints(pattern=r"^/"),
    Field(description="An absolute path inside the container."),
]
EnvValue = str | int | float | bool | None
Environment = Annotated[
    dict[str, EnvValue] | list[str],
    Field(description="Non-secret variables: a mapping, or a list of `KEY=VALUE`."),
]
Severity = Literal["error", "warning", "info", "style"]

_PORT = re.compile(
    r"^(?:(?:(?P<ip>\[[0-9a-fA-F:.]+\]|[0-9]{1,3}(?:\.[0-9]{1,3}){3}):)?(?P<host>[0-9]{1,5}(?:-[0-9]{1,5})?)?:)?"
    r"(?P<container>[0-9]{1,5}(?:-[0-9]{1,5})?)(?:/(?P<proto>tcp|udp|sctp))?$"
)
_NAME = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$"


def _check_port(port: str | int) -> str | int:
    if not _PORT.match(str(port)):
        raise ValueError(
            "expected 'HOST:CONTAINER', 'IP:HOST:CONTAINER' or 'CONTAINER' "
            f"(optionally '/udp'), got {port!r}"
        )
    return port


def _check_mount(mount: str) -> str:
    parts = mount.split(":")
    if len(parts) not in (2, 3) or not parts[0] or not parts[1].startswith("/"):
        raise ValueError(f"expected 'HOST_PATH:/container/path[:ro]', got {mount!r}")
    if len(parts) == 3 and parts[2] not in ("ro", "rw", "cached", "delegated"):
        raise ValueError(f"mode must be ro or rw, got {parts[2]!r}")
    return mount


Port = Annotated[str | int, AfterValidator(_check_port)]
Mount = Annotated[str, AfterValidator(_check_mount)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Build(_Model):
    """How to build the service's image."""

    context: str = Field(".", description="Build context, relative to devenv.yaml.")
    dockerfile: str = Field("Dockerfile", description="Dockerfile, relative to the context.")
    target: str | None = Field(None, description="Stage built for production.")
    args: dict[str, str] = Field(default_factory=dict, description="Build arguments.")


class Healthcheck(_Model):
    """A container healthcheck, as in Compose."""

    test: list[str] | str = Field(
        description='`["CMD", "prog", "arg"]`, `["CMD-SHELL", "cmd"]` or a shell string.'
    )
    interval: Duration | None = None
    timeout: Duration | None = None
    retries: int | None = Field(None, ge=1)
    start_period: Duration | None = None


class ReloadRule(_Model):
    """What to do when files matching `paths` change during `devenv up`."""

    paths: list[str] = Field(min_length=1, description="Globs, relative to devenv.yaml.")
    action: Literal["restart", "rebuild", "sync", "exec"]
    exec: str | None = Field(None, description="Command run in the container (action: exec).")
    target: ContainerPath | None = Field(
        None, description="Container folder that `source` maps to (action: sync)."
    )
    source: str = Field(".", description="Host folder synced to `target` (action: sync).")

    @model_validator(mode="after")
    def _action_fields(self) -> ReloadRule:
        if self.action == "exec" and not self.exec:
            raise ValueError("action 'exec' needs an 'exec' command")
        if self.action != "exec" and self.exec:
            raise ValueError(f"'exec' is only for action 'exec', not {self.action!r}")
        if self.action == "sync" and not self.target:
            raise ValueError("action 'sync' needs a 'target' folder in the container")
        return self


class DevSecret(_Model):
    """A development-only secret file, mounted where production mounts the real one."""

    name: Annotated[str, StringConstraints(pattern=_NAME)]
    file: str = Field(description="File with the secret, relative to devenv.yaml.")
    target: str | None = Field(None, description="Default: /run/secrets/<name>.")


class Dev(_Model):
    """Settings for the development stack only."""

    target: str | None = Field(None, description="Build stage for development.")
    mounts: list[Mount] = Field(
        default_factory=list, description='Source bind mounts, `"./src:/app/src[:ro]"`.'
    )
    environment: Environment = Field(default_factory=dict)
    command: list[str] | str | None = None
    reload: list[ReloadRule] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list, description="Globs never watched.")
    secrets: list[DevSecret] = Field(default_factory=list)


class ConfigFile(_Model):
    """A file mounted read-only through a Swarm config."""

    source: str = Field(description="File relative to devenv.yaml.")
    target: ContainerPath


class ProdSecret(_Model):
    """A production secret: from a file, or created beforehand (`external: true`)."""

    name: Annotated[str, StringConstraints(pattern=_NAME)]
    file: str | None = None
    external: bool = False
    target: str | None = Field(None, description="Default: /run/secrets/<name>.")

    @model_validator(mode="after")
    def _one_source(self) -> ProdSecret:
        if bool(self.file) == self.external:
            raise ValueError("give exactly one of 'file' or 'external: true'")
        return self


class Resources(_Model):
    """Limits for each replica."""

    cpus: float | str | None = Field(None, description="CPU limit, e.g. `0.5`.")
    memory: (
        Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)?[bkmgBKMG]?[bB]?$")] | None
    ) = Field(None, description="Memory limit, e.g. `256M`.")


class Update(_Model):
    """Rolling update settings (Swarm `update_config`)."""

    order: Literal["start-first", "stop-first"] | None = Field(
        None, description="Default start-first, or stop-first when ports publish in host mode."
    )
    parallelism: int = Field(1, ge=0)
    delay: Duration | None = None
    monitor: Duration = "10s"


class Prod(_Model):
    """Settings for the production stack only."""

    replicas: int = Field(1, ge=0)
    publish_mode: Literal["ingress", "host"] = Field(
        "ingress", description="`host` publishes on each node (needed without IPVS)."
    )
    configs: list[ConfigFile] = Field(default_factory=list)
    secrets: list[ProdSecret] = Field(default_factory=list)
    resources: Resources = Field(default_factory=Resources)
    update: Update = Field(default_factory=Update)
    restart: Literal["any", "on-failure", "none"] = "any"
    environment: Environment = Field(default_factory=dict)


class Service(_Model):
    """One service of the application."""

    build: Build | None = None
    image: str | None = None
    command: list[str] | str | None = None
    ports: list[Port] = Field(
        default_factory=list,
        description='`"HOST:CONTAINER"`, `"IP:HOST:CONTAINER"` or `"CONTAINER"`.',
    )
    environment: Environment = Field(default_factory=dict)
    data: list[ContainerPath] = Field(
        default_factory=list, description="Container paths holding state: named volumes."
    )
    healthcheck: Healthcheck | None = None
    depends_on: list[str] = Field(default_factory=list)
    user: str | None = None
    working_dir: ContainerPath | None = None
    dev: Dev = Field(default_factory=Dev)
    prod: Prod = Field(default_factory=Prod)

    @model_validator(mode="after")
    def _build_or_image(self) -> Service:
        if (self.build is None) == (self.image is None):
            raise ValueError("give exactly one of 'build' or 'image'")
        return self


class Ntp(_Model):
    """The time source every production host must follow."""

    servers: list[str] = Field(default_factory=list, description='`"host"` or `"host:port"`.')
    max_offset_ms: float = Field(100, gt=0)


class Lint(_Model):
    """Settings for `devenv lint`."""

    ignore: list[str] = Field(default_factory=list, description="Rule ids never reported.")
    override: dict[Severity, list[str]] = Field(
        default_factory=dict, description="Severity per rule id, as in .hadolint.yaml."
    )
    failure_threshold: Severity | Literal["none"] = "warning"
    trusted_registries: list[str] = Field(default_factory=list)


class ProjectConfig(_Model):
    """devenv.yaml, version 1."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="devenv.yaml",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    version: Literal[1] = 1
    project: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = Field(
        description="Project name: the prod stack's name; the dev stack is `<project>-dev`."
    )
    registry: str | None = Field(
        None, description="Image prefix for production, e.g. `127.0.0.1:5000`."
    )
    ntp: Ntp = Field(default_factory=Ntp)
    lint: Lint = Field(default_factory=Lint)
    services: dict[Annotated[str, StringConstraints(pattern=_NAME)], Service] = Field(min_length=1)

    _path: Path = PrivateAttr(default=Path(CONFIG_NAME))
    _positions: Positions = PrivateAttr(default_factory=lambda: Positions(CONFIG_NAME))

    @property
    def path(self) -> Path:
        return self._path

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are resolved from."""
        return self._path.parent

    @property
    def positions(self) -> Positions:
        return self._positions


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


def find_config(path: Path | None) -> Path:
    if path is not None:
        return path
    here = Path.cwd() / CONFIG_NAME
    if here.exists():
        return here
    raise DevenvError(
        f"no {CONFIG_NAME} in {Path.cwd()}: run devenv in the project folder, "
        "give -c FILE, or create one with `devenv init`"
    )


def load_config(path: Path | None = None, env: dict[str, str] | None = None) -> ProjectConfig:
    """Load and validate devenv.yaml; raise a positioned DevenvError on bad input."""
    from devenv import configload

    return configload.load(find_config(path), env if env is not None else dict(os.environ))
