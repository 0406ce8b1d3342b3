"""`kg viz`: the study graph as one self-contained interactive HTML page. Thin; the work is kg.viz."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli_common import PROJECT, open_graph, report_error, store_options
from kg.errors import KgError, display_path


@click.command("viz")
@PROJECT
@store_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the page [default: build/STUDY-ID.html].")
@click.option("--theme", "themes", multiple=True, metavar="ID",
              help="Show the neighbourhood of this theme (and its sub-themes): its quotes, findings, claims, "
                   "respondents and works. Repeatable.")
@click.option("--actor", "actors", multiple=True, metavar="ID",
              help="Show the neighbourhood of this actor. Repeatable.")
@click.option("--work", "works", multiple=True, metavar="KEY",
              help="Show the neighbourhood of this work (its citation key). Repeatable.")
@click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
              help="How many steps from --theme/--actor/--work to go [default: 2].")
@click.option("--all", "everything", is_flag=True,
              help="Draw every record (works, claims, themes, quotes, findings, respondents, actors, tools, "
                   "institutions, statistics, conclusions, research questions) instead of the theme overview.")
def viz(project: Path | None, output: Path | None, themes: tuple[str, ...], actors: tuple[str, ...],
        works: tuple[str, ...], depth: int | None, everything: bool, **where) -> None:
    """Write the study's graph as one HTML page that needs no network: vis-network, styles and data
    inlined. Open it in a browser to filter by kind, search labels and read each record's details.

    Without options the page shows the themes with their quotes, findings and claims, the
    respondents, and the works the claims support or contrast. Graphs over 500 nodes are laid
    out in Python and drawn without physics.
    """
    from kg import viz as kgviz
    from kg.export import atomic_write

    if depth is not None and not (themes or actors or works):
        raise click.UsageError("--depth needs --theme, --actor or --work")
    if everything and (themes or actors or works):
        raise click.UsageError("--all draws everything; leave it out to focus with --theme, --actor or --work")
    ctx = click.get_current_context()
    try:
        source = open_graph(project, **where)  # the embedded store, --store DIR or --endpoint URL
        graph = kgviz.study_graph(source)
        view = kgviz.select(graph, themes=themes, actors=actors, works=works,
                            depth=kgviz.DEFAULT_DEPTH if depth is None else depth, everything=everything)
        target = output or Path("build") / f"{source.iri.rstrip('/').rsplit('/', 1)[-1]}.html"
        atomic_write(target, kgviz.render_html(view).encode("utf-8"))
    except KgError as exc:  # as kg's group reports it, so the command behaves the same on its own
        report_error(ctx, exc)
    click.echo(f"{len(view.nodes)} nodes, {len(view.edges)} edges; wrote {display_path(target)}")
