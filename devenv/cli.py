"""The typer layer: it parses arguments and calls a plain function in `devenv.commands`.

Imports of the command modules are lazy so that `devenv --help` and one small
`devenv lint` or `devenv render` stay fast (whole-process start-up is most of their cost).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from devenv.errors import EXIT_BAD_INPUT, EXIT_BUG, DevenvError

app = typer.Typer(
    name="devenv",
    help="One devenv.yaml, two Docker stacks: hot-reload development and pinned Swarm production.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

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
        Path | None, typer.Option("--output", "-o", help="Write here (atomically), not stdout.")
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


def _log_bug(exc: BaseException) -> Path:
    import tempfile
    import traceback

    log = Path(tempfile.gettempdir()) / "devenv-crash.log"
    with log.open("a", encoding="utf-8") as fh:
        traceback.print_exception(exc, file=fh)
    return log


def main(argv: list[str] | None = None) -> int:
    """Entry point: one place that turns DevenvError into a message and an exit code."""
    import click

    try:
        code = app(args=argv, prog_name="devenv", standalone_mode=False)
    except DevenvError as exc:
        print(f"devenv: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except click.exceptions.Abort:
        print("devenv: aborted", file=sys.stderr)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_BAD_INPUT
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in devenv: say so, keep the traceback in a log
        log = _log_bug(exc)
        print(
            f"devenv: internal error ({type(exc).__name__}: {exc}); traceback in {log}. "
            "Please report it.",
            file=sys.stderr,
        )
        return EXIT_BUG
    return code if isinstance(code, int) else 0
