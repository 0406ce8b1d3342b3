"""What the click commands share: the PROJECT argument, the output options, writing results."""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import KgError, display_path
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


def store_options(func):
    """Where to read the study's graph: the embedded store (default), --store DIR or --endpoint URL."""
    func = click.option("--password", envvar="KG_ENDPOINT_PASSWORD", help="HTTP password for --endpoint "
                        "(or the environment variable KG_ENDPOINT_PASSWORD).")(func)
    func = click.option("--user", help="HTTP user for --endpoint.")(func)
    func = click.option("--study", help="Which study of the store or endpoint (an id or IRI), if it holds several.")(func)
    func = click.option("--endpoint", metavar="URL", help="Query a SPARQL 1.1 endpoint that `kg push` loaded.")(func)
    return click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Query an on-disk store that `kg build --store DIR` filled.")(func)


def open_graph(project: Path | None, store_dir: Path | None, endpoint: str | None, study: str | None,
               user: str | None, password: str | None):
    from kg import pipeline

    if store_dir is not None and endpoint is not None:
        raise click.UsageError("give --store or --endpoint, not both")
    remote = None
    if endpoint is not None:
        from kg.graph.remote import Endpoint

        remote = Endpoint(endpoint, user=user, password=password)
    return pipeline.open_graph(project, store=store_dir, endpoint=remote, study=study)


def report_error(ctx: click.Context, exc: KgError) -> None:
    """A user's mistake as its message and exit code, never a traceback."""
    click.echo(f"error: {exc}" if "\n" not in str(exc) else str(exc), err=True)
    ctx.exit(int(exc.exit_code))
