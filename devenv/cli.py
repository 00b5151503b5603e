"""The typer layer: it parses arguments and calls a plain function in `devenv.commands`.

Imports of the command modules are lazy so that `devenv --help` and one small
`devenv lint` or `devenv render` stay fast (whole-process start-up is most of their cost).
"""

from __future__ import annotations

import errno
import gc
import os
import sys
from pathlib import Path
from typing import Annotated, Any

# A short-lived CLI allocates a lot and frees little: collecting every 700 allocations cost
# a third of rendering a big stack. Cycles are still collected, just less often. Set before
# typer is imported, whose start-up is allocation-heavy too.
gc.set_threshold(50_000, 20, 20)

import typer  # noqa: E402
import typer.core  # noqa: E402

from devenv.errors import EXIT_BAD_INPUT, EXIT_BUG, EXIT_FAILED, DevenvError  # noqa: E402


class DevenvGroup(typer.core.TyperGroup):
    """The one place expected failures are caught: message on stderr, exit code, no traceback.

    Here rather than in `main` so that `CliRunner` in the tests sees the same behaviour.
    """

    def invoke(self, ctx: Any) -> Any:  # typer.Context is not the vendored click one
        try:
            return super().invoke(ctx)
        except DevenvError as exc:
            print(f"devenv: error: {exc.message}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            if exc.errno not in _WRITE_FAILED:
                raise
            raise typer.Exit(_output_failed(exc)) from None


#: Errors of a write that cannot finish: a full disk (`> /dev/full`), a quota, a dead device.
_WRITE_FAILED = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _output_failed(exc: OSError) -> int:
    """Standard output could not be written: say so on stderr, exit 2. Whatever is still
    buffered is dropped (stdout goes to /dev/null) so that the interpreter's own flush at exit
    does not fail a second time."""
    print(f"devenv: error: cannot write the output: {exc.strerror}", file=sys.stderr)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (a test runner's buffer)
        pass
    return EXIT_BAD_INPUT


def _exit_with(code: object, **_: object) -> None:
    """Commands return their exit code; click would otherwise drop it."""
    if isinstance(code, int) and code:
        raise typer.Exit(code)


_APP_SETTINGS: dict[str, Any] = {
    "name": "devenv",
    "cls": DevenvGroup,
    "result_callback": _exit_with,
    "help": "One devenv.yaml, two Docker stacks: hot-reload development and pinned Swarm "
    "production.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_APP_SETTINGS)

ContextOpt = Annotated[
    str | None,
    typer.Option(
        "--context", help="Docker context of the target (default: DOCKER_HOST).", show_default=False
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Project config (default: ./devenv.yaml).", show_default=False
    ),
]


@app.command()
def render(
    stack: Annotated[str, typer.Argument(help="Which stack: dev or prod.", metavar="dev|prod")],
    config: ConfigOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here (atomically), not stdout. A symlink stays a link: its target "
            "is written.",
        ),
    ] = None,
    tag: Annotated[
        str | None, typer.Option(help="Image tag for prod (default: the git short hash).")
    ] = None,
) -> int:
    """Write the generated Compose file of the dev or prod stack."""
    from devenv.commands import render as cmd

    return cmd.run(stack, config=config, output=output, tag=tag)


@app.command()
def schema() -> int:
    """Print the JSON Schema of devenv.yaml, for editors to complete and check it."""
    from devenv.commands import schema as cmd

    return cmd.run()


TimeoutOpt = Annotated[
    float, typer.Option(help="Seconds to wait for each answer; checks run at the same time.")
]
FormatOpt = Annotated[str, typer.Option("--format", help="Output: text or json.", metavar="FORMAT")]
NodesOpt = Annotated[
    bool,
    typer.Option(
        help="Also read every swarm node's clock, with its error bound (round trips from a "
        "short-lived global job to a reference on this engine's node)."
    ),
]
NodeImageOpt = Annotated[
    str,
    typer.Option(
        help="Image of the node reading's job and reference: a busybox every node has or can pull."
    ),
]


@app.command()
def ntp(
    config: ConfigOpt = None,
    server: Annotated[
        list[str] | None,
        typer.Option(
            help="NTP server HOST[:PORT] (repeat for more; default: the config's ntp.servers).",
            metavar="HOST[:PORT]",
            show_default=False,
        ),
    ] = None,
    max_offset_ms: Annotated[
        float | None,
        typer.Option(
            help="Largest clock offset allowed (default: ntp.max_offset_ms, or 100).",
            metavar="MS",
            show_default=False,
        ),
    ] = None,
    timeout: TimeoutOpt = 5.0,
    fmt: FormatOpt = "text",
    engine: Annotated[
        bool, typer.Option(help="Also check the Docker engine's clock (DOCKER_HOST).")
    ] = True,
    nodes: NodesOpt = False,
    node_image: NodeImageOpt = "busybox:1.36",
    context: ContextOpt = None,
) -> int:
    """Check that the host, the Docker engine and the swarm nodes keep NTP time.

    An offset is NTP time minus the clock: positive means the clock is behind.
    """
    from devenv.commands import ntp as cmd

    opts = cmd.Options(
        config, tuple(server or ()), max_offset_ms, timeout, fmt, engine, nodes, node_image, context
    )
    return cmd.run(opts)


@app.command()
def doctor(
    config: ConfigOpt = None,
    timeout: TimeoutOpt = 5.0,
    fmt: FormatOpt = "text",
    nodes: NodesOpt = False,
    node_image: NodeImageOpt = "busybox:1.36",
) -> int:
    """Check this machine is ready for `up` and `promote`, with a fix for each problem."""
    from devenv.commands import doctor as cmd

    return cmd.run(config=config, timeout=timeout, fmt=fmt, nodes=nodes, node_image=node_image)


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="Project folder (created if missing).", show_default=False)
    ] = Path("."),
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="python, node, java, rails, dotnet, aspnet-mssql or static. "
            "Without it: detect the language of DIR's files and print the proposal.",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(help="Project name (default: from the folder name).", show_default=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files that already exist.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Without --template: use the detected one.")
    ] = False,
) -> int:
    """Start a project from a template: devenv.yaml, Dockerfile, .dockerignore, a minimal app."""
    from devenv.commands import init as cmd

    return cmd.run(directory, template=template, name=name, force=force, yes=yes)


@app.command("import")
def import_(
    directory: Annotated[
        Path, typer.Argument(help="The Compose project's folder.", show_default=False)
    ] = Path("."),
    file: Annotated[
        list[str] | None,
        typer.Option(
            "--file",
            "-f",
            help="A Compose file (repeatable, merged as Compose merges). Default: what "
            "`docker compose` reads in DIR (COMPOSE_FILE, or compose.yaml and its override).",
            show_default=False,
        ),
    ] = None,
    prod: Annotated[
        list[str] | None,
        typer.Option(
            "--prod",
            help="The production side (repeatable): a Swarm stack file, or an overlay of the "
            "Compose files such as compose.prod.yaml.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (default: DIR/devenv.yaml)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    timeout: Annotated[
        float,
        typer.Option(
            help="Seconds each `docker compose config` may take before it is stopped.",
            metavar="SECONDS",
        ),
    ] = 120.0,
) -> int:
    """Write devenv.yaml from an existing Compose project, losing nothing; print a summary."""
    from devenv.commands import import_ as cmd
    from devenv.migrate.importer import ImportOptions

    options = ImportOptions(directory, tuple(file or ()), tuple(prod or ()), output, force, timeout)
    return cmd.run(options)


ServicesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Only these services (default: all).", metavar="SERVICE...", show_default=False
    ),
]


@app.command()
def up(
    services: ServicesArg = None,
    config: ConfigOpt = None,
    detach: Annotated[
        bool, typer.Option("--detach", "-d", help="Start the stack and return.")
    ] = False,
    watch: Annotated[
        bool, typer.Option("--watch/--no-watch", help="Reload services on file changes.")
    ] = True,
    build: Annotated[
        bool, typer.Option("--build/--no-build", help="Build the images before starting.")
    ] = True,
    profile: Annotated[
        list[str] | None,
        typer.Option(
            "--profile",
            help="Also start the services of this Compose profile (dev.profiles); repeatable.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Start the dev stack, stream its logs and reload services when their files change."""
    from devenv.commands import up as cmd

    return cmd.run(
        config=config,
        services=services or [],
        detach=detach,
        watch=watch,
        build=build,
        profiles=profile or [],
    )


@app.command()
def watch(config: ConfigOpt = None) -> int:
    """Watch the files and reload the services of a dev stack that is already up."""
    from devenv.commands import watch as cmd

    return cmd.run(config=config)


@app.command()
def down(
    config: ConfigOpt = None,
    volumes: Annotated[
        bool, typer.Option("--volumes", "-v", help="Also remove the named volumes (the data).")
    ] = False,
) -> int:
    """Remove the dev stack's containers and network."""
    from devenv.commands import down as cmd

    return cmd.run(config=config, volumes=volumes)


@app.command()
def status(
    config: ConfigOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Output: text or json.", metavar="FORMAT")
    ] = "text",
    prod: Annotated[
        bool,
        typer.Option(
            "--prod",
            help="The production stack instead: its tasks per node, with state, "
            "health, image digest and release.",
        ),
    ] = False,
    context: ContextOpt = None,
) -> int:
    """Each dev service: state, health, ports, image, last reload and its latency."""
    from devenv.commands import status as cmd

    return cmd.run(config=config, fmt=fmt, prod=prod, context=context)


@app.command()
def logs(
    service: Annotated[
        str | None,
        typer.Argument(help="Only this service.", metavar="SERVICE", show_default=False),
    ] = None,
    config: ConfigOpt = None,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing.")] = False,
) -> int:
    """Print the dev stack's logs."""
    from devenv.commands import logs as cmd

    return cmd.run(config=config, service=service, follow=follow)


@app.command()
def restart(
    services: Annotated[
        list[str] | None,
        typer.Argument(
            help="The services (default: all).", metavar="SERVICE...", show_default=False
        ),
    ] = None,
    config: ConfigOpt = None,
) -> int:
    """Restart dev services' containers; their network and ports stay up."""
    from devenv.commands import restart as cmd

    return cmd.run(config=config, services=tuple(services or ()))


@app.command(
    "exec", context_settings={"allow_interspersed_args": False, "ignore_unknown_options": True}
)
def exec_(
    service: Annotated[
        str, typer.Argument(help="The service.", metavar="SERVICE", show_default=False)
    ],
    command: Annotated[
        list[str],
        typer.Argument(help="The command and its arguments.", metavar="CMD...", show_default=False),
    ],
    config: ConfigOpt = None,
) -> int:
    """Run a command in a running dev service's container; exit with its exit code."""
    from devenv.commands import exec as cmd

    return cmd.run(config=config, service=service, command=command)


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Dockerfiles, Compose files, folders or a devenv.yaml "
            "(default: the project, its Dockerfiles and both stacks).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="Output: text, json, sarif or github.", metavar="FORMAT"),
    ] = "text",
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite files with the safe fixes (same image).")
    ] = False,
    failure_threshold: Annotated[
        str | None,
        typer.Option(
            help="Fail at this severity or worse: error, warning, info, style or none "
            "(default: warning).",
            metavar="LEVEL",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(help="Never report this rule (repeat for more).", metavar="RULE"),
    ] = None,
    env: Annotated[
        str, typer.Option(help="Stack rules for hand-written Compose files: dev or prod.")
    ] = "dev",
    shellcheck: Annotated[
        bool,
        typer.Option(
            "--shellcheck/--no-shellcheck", help="Run ShellCheck on every RUN (SCxxxx findings)."
        ),
    ] = True,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            help="Skip files and folders matching this glob when searching folders "
            "(relative path or name; repeat for more).",
            metavar="GLOB",
        ),
    ] = None,
) -> int:
    """Check Dockerfiles, the config and the dev and prod stacks against best practices."""
    from devenv.commands import lint as cmd

    return cmd.run(
        paths or [],
        config=config,
        format=fmt,
        fix=fix,
        failure_threshold=failure_threshold,
        ignore=ignore or [],
        env=env,
        shellcheck=shellcheck,
        exclude=exclude or [],
    )


TargetOpt = Annotated[
    str,
    typer.Option(
        "--target", help="swarm (docker stack deploy) or compose (a plain engine).", metavar="KIND"
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Deploy without asking.")]
DeployTimeoutOpt = Annotated[
    float,
    typer.Option("--timeout", help="Seconds to wait for the stack to converge.", metavar="SECONDS"),
]
LockWaitOpt = Annotated[
    float,
    typer.Option(
        "--lock-wait", help="Seconds to wait for another deploy's lock.", metavar="SECONDS"
    ),
]
BreakLockOpt = Annotated[
    bool, typer.Option("--break-lock", help="Remove a stale lock left by a deploy that died.")
]


@app.command()
def promote(
    config: ConfigOpt = None,
    tag: Annotated[
        str | None,
        typer.Option(help="Image tag (default: the git short hash).", show_default=False),
    ] = None,
    target: TargetOpt = "swarm",
    context: ContextOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Run the gates, print the stack and its diff.")
    ] = False,
    yes: YesOpt = False,
    skip_ntp: Annotated[
        bool, typer.Option("--skip-ntp", help="Skip the clock check (recorded).")
    ] = False,
    timeout: DeployTimeoutOpt = 300.0,
    lock_wait: LockWaitOpt = 60.0,
    break_lock: BreakLockOpt = False,
    force_retag: Annotated[
        bool,
        typer.Option("--force-retag", help="Move --tag off the image it names already (recorded)."),
    ] = False,
    allow_dirty: Annotated[
        bool,
        typer.Option(
            "--allow-dirty", help="Build from uncommitted files, or outside git (recorded)."
        ),
    ] = False,
) -> int:
    """Gate, build, push, pin by digest, deploy and record a production release."""
    from devenv.commands import promote as cmd
    from devenv.prod.promote import Options

    opts = Options(
        tag,
        target,
        context,
        dry_run,
        yes,
        skip_ntp,
        timeout,
        lock_wait,
        break_lock,
        force_retag=force_retag,
        allow_dirty=allow_dirty,
    )
    return cmd.run(config, opts)


@app.command()
def releases(
    config: ConfigOpt = None,
    target: TargetOpt = "swarm",
    context: ContextOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Output: text or json.", metavar="FORMAT")
    ] = "text",
) -> int:
    """List the releases recorded on the target, newest first."""
    from devenv.commands import releases as cmd

    return cmd.run(config=config, target=target, context=context, fmt=fmt)


@app.command()
def rollback(
    config: ConfigOpt = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Release number or tag (default: the one before).", metavar="N|TAG"
        ),
    ] = None,
    target: TargetOpt = "swarm",
    context: ContextOpt = None,
    yes: YesOpt = False,
    timeout: DeployTimeoutOpt = 300.0,
    lock_wait: LockWaitOpt = 60.0,
    break_lock: BreakLockOpt = False,
) -> int:
    """Redeploy a recorded release exactly (same digests, configs, secrets)."""
    from devenv.commands import rollback as cmd
    from devenv.prod.promote import Options

    opts = Options(
        target=target,
        context=context,
        yes=yes,
        timeout=timeout,
        lock_wait=lock_wait,
        break_lock=break_lock,
    )
    return cmd.run(config, to, opts)


@app.command()
def diff(
    stacks: Annotated[
        list[str] | None,
        typer.Argument(help="`dev prod` (default) or `running`.", metavar="[dev prod | running]"),
    ] = None,
    config: ConfigOpt = None,
    target: TargetOpt = "swarm",
    context: ContextOpt = None,
) -> int:
    """The semantic difference between the dev and prod stacks, or the config and the target."""
    from devenv.commands import diff as cmd

    return cmd.run(config=config, stacks=stacks or [], target=target, context=context)


def _crash_name() -> str:
    import datetime

    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"crash-{stamp}-{os.getpid()}.log"


def _from_the_engine(exc: BaseException) -> bool:
    """An error of the Docker SDK or its HTTP layer: the engine refused or went away."""
    packages = {"docker", "requests", "urllib3"}
    return any(cls.__module__.split(".")[0] in packages for cls in type(exc).__mro__)


def _engine_failed(exc: BaseException) -> int:
    # Issue 16: the engine's own errors reach the user in words, never as `APIError: 500
    # Server Error for http+docker://…`; the traceback is kept in case it hides a bug.
    from devenv import engine

    log = _log_bug(exc)
    where = f" (traceback in {log})" if log else ""
    print(f"devenv: {engine.explain(exc)}{where}", file=sys.stderr)
    return EXIT_FAILED


def _log_bug(exc: BaseException) -> Path | None:
    """Keep the traceback in a new file of the user's own: one file per crash, mode 0600 in a
    0700 folder, created exclusively and never through a symlink (a shared, world-readable
    /tmp log could be pointed at any file by another user). None if it cannot be written."""
    import traceback

    from devenv.fsutil import state_home

    folder = state_home() / "devenv"
    path = folder / _crash_name()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o600)
    except OSError:
        return None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        traceback.print_exception(exc, file=fh)
    return path


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run: typer turns each registered function into a
    click command at start-up (signatures, type hints), a fifth of a small `devenv lint`.
    `devenv`, `devenv --help` and unknown commands get the whole app."""
    name = args[0] if args and not args[0].startswith("-") else None
    for info in app.registered_commands:
        callback = info.callback
        if name and callback and (info.name or callback.__name__.replace("_", "-")) == name:
            single = typer.Typer(**_APP_SETTINGS)
            single.registered_commands = [info]
            # a callback keeps it a group, so `devenv NAME ARGS` parses as with the full app
            single.callback()(lambda: None)
            return single
    return app


class _OutputFailed(Exception):
    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _flush_stdout() -> None:
    """A short output sits in the buffer until exit: flush it here, where a full disk can
    still be reported, not in the interpreter's shutdown."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in _WRITE_FAILED:
            raise
        raise _OutputFailed(exc) from None


def main(argv: list[str] | None = None) -> int:
    """Entry point. Expected failures (DevenvError) are shown by click's top level; anything
    else is a bug: say so in one line, keep the traceback in a log, exit 3."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            _app_for(args)(args=args, prog_name="devenv", standalone_mode=True)
        finally:
            _flush_stdout()
    except SystemExit as exc:
        return (
            exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_BAD_INPUT)
        )
    except _OutputFailed as exc:
        return _output_failed(exc.error)
    except Exception as exc:
        if _from_the_engine(exc):
            return _engine_failed(exc)
        log = _log_bug(exc)
        where = f"traceback in {log}" if log else "the traceback could not be saved"
        print(
            f"devenv: internal error ({type(exc).__name__}: {exc}); {where}. Please report it.",
            file=sys.stderr,
        )
        return EXIT_BUG
    return 0
