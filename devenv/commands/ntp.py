"""`devenv ntp`: check the host, the Docker engine and the swarm nodes against NTP (issue 5)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from devenv import CONFIG_NAME
from devenv.clock import ntp
from devenv.errors import DevenvError

if TYPE_CHECKING:
    from devenv.config import ProjectConfig

FORMATS = ("text", "json")


def run(
    *,
    config: Path | None = None,
    servers: list[str] | None = None,
    max_offset_ms: float | None = None,
    timeout: float = 5.0,
    fmt: str = "text",
    engine: bool = True,
    nodes: bool = False,
    node_image: str = ntp.DEFAULT_NODE_IMAGE,
    context: str | None = None,
) -> int:
    if context:  # the engine and the swarm of a docker context, not DOCKER_HOST's
        from devenv.prod.swarm import use_context

        use_context(context)
    opts = options(
        config=config,
        servers=servers or [],
        max_offset_ms=max_offset_ms,
        timeout=timeout,
        fmt=fmt,
        engine=engine,
        nodes=nodes,
        node_image=node_image,
    )
    if fmt == "text":
        warm_up_rich()
    report = ntp.check_clocks(opts)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        print_checks(report.checks)
    return 0 if report.ok else 1


def options(
    *,
    config: Path | None,
    servers: list[str],
    max_offset_ms: float | None,
    timeout: float,
    fmt: str,
    engine: bool,
    nodes: bool,
    node_image: str,
) -> ntp.Options:
    """Check the arguments and fill the gaps from the config; DevenvError on bad input."""
    validate(fmt=fmt, timeout=timeout, max_offset_ms=max_offset_ms)
    cfg = _config(config, need=not servers or max_offset_ms is None, required=not servers)
    parsed = _cli_servers(servers) if servers else config_servers(cfg)
    if max_offset_ms is None:
        max_offset_ms = cfg.ntp.max_offset_ms if cfg else 100.0
    return ntp.Options(parsed, max_offset_ms, timeout, engine, nodes, node_image)


def validate(*, fmt: str, timeout: float, max_offset_ms: float | None = None) -> None:
    if fmt not in FORMATS:
        raise DevenvError(f"--format {fmt!r}: expected 'text' or 'json'")
    if not timeout > 0:
        raise DevenvError(f"--timeout {timeout:g}: give a number of seconds above 0")
    if max_offset_ms is not None and not max_offset_ms > 0:
        raise DevenvError(f"--max-offset-ms {max_offset_ms:g}: give a number above 0")


def _config(path: Path | None, *, need: bool, required: bool) -> ProjectConfig | None:
    # --server and --max-offset-ms together need no config; without --server it must exist.
    here = Path(CONFIG_NAME).exists()
    if path is None and required and not here:
        raise DevenvError(
            f"no NTP servers to check: give --server HOST[:PORT], or run where a {CONFIG_NAME} "
            "with ntp.servers is (or give it with -c FILE)"
        )
    if path is not None or (need and here):
        from devenv.config import load_config

        return load_config(path)
    return None


def _cli_servers(texts: list[str]) -> tuple[ntp.Server, ...]:
    out = []
    for text in texts:
        try:
            out.append(ntp.parse_server(text))
        except ValueError as exc:
            raise DevenvError(f"--server {exc}") from None
    return tuple(out)


def config_servers(cfg: ProjectConfig | None) -> tuple[ntp.Server, ...]:
    if cfg is None or not cfg.ntp.servers:
        where = cfg.path if cfg else CONFIG_NAME
        raise DevenvError(
            f"no NTP servers to check: give --server HOST[:PORT] or set ntp.servers in {where}"
        )
    out = []
    for i, text in enumerate(cfg.ntp.servers):
        try:
            out.append(ntp.parse_server(text))
        except ValueError as exc:
            raise cfg.positions.error(("ntp", "servers", i), str(exc)) from None
    return tuple(out)


def warm_up_rich() -> None:
    """Import rich while the checks wait for their answers: it takes a good 0.1 s."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=("rich.console",), daemon=True).start()


def print_checks(checks: tuple[ntp.Check, ...]) -> None:
    """One line per check: mark, target, server, then the numbers or what went wrong."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    target_width = max(len(c.target) for c in checks) if checks else 0
    server_width = max(len(c.server) for c in checks) if checks else 0
    for c in checks:
        line = Text()
        line.append("✓ " if c.ok else "✗ ", style="green" if c.ok else "bold red")
        line.append(f"{c.target:<{target_width}}  {c.server:<{server_width}}  ")
        line.append(c.error or c.note, style="red" if c.error else "")
        console.print(line)
