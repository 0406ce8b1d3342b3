"""What the click commands share: the PROJECT argument, the output options, writing results."""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import display_path
from kg.render import FORMATS

PROJECT = click.argument("project", required=False, type=click.Path(file_okay=False, path_type=Path))


def output_options(formats: tuple[str, ...] = FORMATS):
    """`-f/--format` and `-o/--output`, the same on every tabular command."""
    def decorate(func):
        func = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                            help="Write to FILE (atomically) instead of the terminal.")(func)
        return click.option("-f", "--format", "fmt", type=click.Choice(formats), default=formats[0],
                            show_default=True, help="Output format.")(func)
    return decorate


def emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from kg.export import atomic_write

    atomic_write(output, text.encode("utf-8"))
    click.echo(f"wrote {display_path(output)}", err=True)
