"""`devenv logs [SERVICE] [-f]`: the dev stack's logs, each line prefixed by its service as
`devenv up` prints it (`web    | ...`), from `docker compose logs`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from devenv import engine
from devenv.config import load_config
from devenv.dev import stackfile as devstack


def run(*, config: Path | None, service: str | None = None, follow: bool = False) -> int:
    from devenv.dev.logstream import Output, compose_log_line

    cfg = load_config(config)
    names = devstack.select(cfg, [service] if service else [])
    engine.check_compose()
    stack = devstack.current(cfg)
    argv = stack.argv("logs", *(["--follow"] if follow else []), *names)
    out = Output(names or cfg.services)
    child = engine.popen(argv, env=engine.cli_env(), stdout=subprocess.PIPE, errors="replace")
    with child:
        assert child.stdout is not None
        try:
            for line in child.stdout:
                parsed = compose_log_line(line.rstrip("\n"), cfg.services)
                if parsed is None:
                    sys.stdout.write(line)
                    sys.stdout.flush()
                else:
                    out.line(*parsed)
        except KeyboardInterrupt:  # Ctrl-C ends `-f`, as it does Compose's
            child.terminate()
            child.wait()
            return 0
    return child.returncode
