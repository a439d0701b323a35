"""The `synergy` command line: a thin layer over the library.

It assembles the commands of :mod:`synergy.commands` (one module per verb) into one app and
maps errors to exit codes: 0 success, 1 data error (one clear message, the traceback only
with ``--debug``), 2 usage error.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from synergy import __version__
from synergy.commands.options import CONTEXT, State, err, error_text
from synergy.core.errors import SynergyError

__all__ = ["app", "main", "DEVELOPER_COMMANDS"]

# Listed apart in `synergy --help`: for testing and benchmarking, not for a scan's users.
DEVELOPER_COMMANDS = ("synth",)


class _App(TyperGroup):
    """Map engine errors to one clean message and exit code 1; list developer commands apart."""

    def format_commands(self, ctx, formatter):
        rows: dict[bool, list[tuple[str, str]]] = {False: [], True: []}
        commands = [(n, self.get_command(ctx, n)) for n in self.list_commands(ctx)]
        commands = [(n, c) for n, c in commands if c is not None and not c.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(n) for n, _ in commands)
        for name, command in commands:
            rows[name in DEVELOPER_COMMANDS].append((name, command.get_short_help_str(limit)))
        for developer, title in ((False, "Commands"), (True, "Developer commands")):
            if rows[developer]:
                with formatter.section(title):
                    formatter.write_dl(rows[developer])

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SynergyError as exc:
            if State.debug:
                raise
            err.print(f"Error: {error_text(exc)}", markup=False)
            ctx.exit(1)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            if State.debug:
                raise
            err.print(f"Error: {exc.strerror or exc}: {exc.filename}", markup=False)
            ctx.exit(1)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a bug: still one clean line, details under --debug
            if State.debug or type(exc).__module__.startswith(("click", "typer")):
                raise
            err.print(
                f"Error: unexpected {type(exc).__name__}: {exc}. Nothing was written. This is "
                "a bug in synergy; rerun with --debug and report the traceback.",
                markup=False,
            )
            ctx.exit(1)


app = typer.Typer(
    cls=_App,
    name="synergy",
    help="Find transregional synergies between regions' smart-specialisation strategies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"synergy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_show_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    """Find transregional synergies between regions' S3 strategies.

    Example: synergy scan examples/alpine-space --out out/alpine-space
    """
    State.debug = debug  # reset for every invocation


def _register_commands() -> None:
    """Add the commands that live in synergy.commands (one module each)."""
    from synergy.commands import (
        backtest,
        importer,
        init,
        neo4j,
        pilots,
        scan,
        stress,
        synth,
        validate,
        viz,
        workshop,
    )

    for command in (scan.scan, validate.validate, init.init):
        app.command(name=command.__name__)(command)
    app.add_typer(neo4j.app, name="neo4j")
    app.add_typer(importer.app, name="import")
    app.command(name="backtest")(backtest.backtest)
    for command in (viz.viz, synth.synth, stress.stress, workshop.workshop, pilots.pilots):
        app.command(name=command.__name__)(command)


_register_commands()


def main() -> None:
    """Entry point for ``python cli.py``."""
    app()


if __name__ == "__main__":
    sys.exit(main())
