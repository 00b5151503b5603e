"""`devenv ntp`: check the host, the Docker engine and the swarm nodes against NTP (issue 5)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from devenv import CONFIG_NAME, engine, terminal
from devenv.clock import nodejob, report, wire
from devenv.errors import DevenvError

if TYPE_CHECKING:
    from devenv.config import ProjectConfig

FORMATS = ("text", "json")


@dataclass(frozen=True)
class Options:
    """What `devenv ntp` was asked, as the CLI layer parsed it."""

    config: Path | None = None
    servers: tuple[str, ...] = field(default_factory=tuple)
    max_offset_ms: float | None = None
    timeout: float = 5.0
    fmt: str = "text"
    engine: bool = True
    nodes: bool = False
    node_image: str = nodejob.DEFAULT_NODE_IMAGE
    context: str | None = None

    def __post_init__(self) -> None:
        check_format(self.fmt)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise DevenvError(f"--format {fmt!r}: expected 'text' or 'json'")


def run(opts: Options) -> int:
    clock_opts = resolve(opts)
    if opts.context:  # the engine and the swarm of a docker context, not DOCKER_HOST's
        engine.use_context(opts.context)
    if opts.fmt == "text":
        terminal.warm_up_rich()
    result = report.check_clocks(clock_opts)
    if opts.fmt == "json":
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
    else:
        report.print_checks(result.checks)
    return 0 if result.ok else 1


def resolve(opts: Options) -> report.Options:
    """The clock check to run: the flags, with the gaps filled from the config."""
    cfg = _config(
        opts.config, need=not opts.servers or opts.max_offset_ms is None, required=not opts.servers
    )
    parsed = _cli_servers(opts.servers) if opts.servers else config_servers(cfg)
    max_offset_ms = opts.max_offset_ms
    if max_offset_ms is None:
        max_offset_ms = cfg.ntp.max_offset_ms if cfg else 100.0
    return report.Options(
        parsed, max_offset_ms, opts.timeout, opts.engine, opts.nodes, opts.node_image
    )


def _config(path: Path | None, *, need: bool, required: bool) -> ProjectConfig | None:
    # --server and --max-offset-ms together need no config; without --server it must exist.
    from devenv.config.load import locate

    here = locate() is not None
    if path is None and required and not here:
        raise DevenvError(
            f"no NTP servers to check: give --server HOST[:PORT], or run where a {CONFIG_NAME} "
            "with ntp.servers is (or give it with -c FILE)"
        )
    if path is not None or (need and here):
        from devenv.config import load_config

        return load_config(path)
    return None


def _cli_servers(texts: tuple[str, ...]) -> tuple[wire.Server, ...]:
    return wire.parse_servers(texts, lambda _i, why: DevenvError(f"--server {why}"))


def config_servers(cfg: ProjectConfig | None) -> tuple[wire.Server, ...]:
    if cfg is None or not cfg.ntp.servers:
        where = cfg.path if cfg else CONFIG_NAME
        raise DevenvError(
            f"no NTP servers to check: give --server HOST[:PORT] or set ntp.servers in {where}"
        )
    return wire.parse_servers(
        cfg.ntp.servers, lambda i, why: cfg.positions.error(("ntp", "servers", i), why)
    )
