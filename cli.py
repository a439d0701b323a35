"""The `synergy` command line: a thin layer over the library.

It assembles the commands of :mod:`synergy.commands` (one module per verb) into one app and
maps errors to exit codes: 0 success, 1 data error (one clear message, the traceback only
with ``--debug``), 2 usage error.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from synergy.commands.options import State, err, error_text
from synergy.core.errors import SynergyError

__all__ = ["app", "main"]


class _App(TyperGroup):
    """Map engine errors to one clean message and exit code 1."""

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
)


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks.")) -> None:
    """Find transregional synergies between regions' S3 strategies.

    Example: synergy scan examples/alpine-space --out out/alpine-space
    """
    State.debug = debug  # reset for every invocation


def _register_commands() -> None:
    """Add the commands that live in synergy.commands (one module each)."""
    from synergy.commands import (
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
    for command in (viz.viz, synth.synth, stress.stress, workshop.workshop, pilots.pilots):
        app.command(name=command.__name__)(command)


_register_commands()


def main() -> None:
    """Entry point for ``python cli.py``."""
    app()


if __name__ == "__main__":
    sys.exit(main())
