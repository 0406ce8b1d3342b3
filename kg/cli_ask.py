"""Commands that ask a built graph: query, sparql, coverage, network. Thin: logic is in kg.queries,
kg.triangulation and kg.network."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli_common import PROJECT, emit, open_graph, output_options, store_options
from kg.errors import FindingsError, KgError


@click.command()
@click.argument("name", required=False)
@PROJECT
@store_options
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@output_options()
def query(name: str | None, project: Path | None, list_: bool, params: tuple[str, ...], fmt: str,
          output: Path | None, **where) -> None:
    """Run a named query of the library (ontology/queries/*.rq) on the study's graph.

    \b
    kg query --list
    kg query literature-per-theme --param theme=russia-unavoidable-partner
    """
    from kg import queries
    from kg.render import table

    if list_ or not name:
        rows = [[q.name, q.title, ", ".join(f"{p.name} ({p.kind}{', optional' if p.optional else ''})"
                                            for p in q.params)] for q in queries.library().values()]
        emit(table(["name", "title", "parameters"], rows, fmt), output)
        return
    bound = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes KEY=VALUE, not '{item}'")
        bound[key.strip()] = value
    result = queries.run_named(open_graph(project, **where), name, bound)
    emit(table(result.columns, result.rows, fmt), output)


@click.command()
@click.argument("query_or_file")
@PROJECT
@store_options
@output_options(("table", "csv", "tsv", "json", "markdown", "turtle", "nt"))
def sparql(query_or_file: str, project: Path | None, fmt: str, output: Path | None, **where) -> None:
    """Run an ad hoc SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) given as text or a file.

    The usual prefixes (kg, cito, fabio, dcterms, skos, prov, oa, foaf, prism, rdf, rdfs, owl, xsd)
    are predeclared. Updates are refused: the graph is read-only here.
    """
    from kg import queries
    from kg.render import escape_c1, table

    text, source = query_or_file, "query"
    if _is_file(query_or_file):
        text, source = Path(query_or_file).read_text(encoding="utf-8"), query_or_file
    graph = open_graph(project, **where)
    result = queries.execute(graph, text, source=source)
    if isinstance(result, bool):
        emit(("true" if result else "false") + "\n", output)
    elif isinstance(result, list):
        import pyoxigraph as ox

        rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
        prefixes = graph.prefixes if rdf_format == ox.RdfFormat.TURTLE else None
        text = ox.serialize(result, format=rdf_format, **({"prefixes": prefixes} if prefixes else {})).decode()
        emit(escape_c1(text), output)  # C1 controls as \u escapes, as C0 already are: inert on a terminal
    else:
        if fmt in ("turtle", "nt"):
            raise KgError("a SELECT result is a table: use -f table, csv, tsv, json or markdown")
        emit(table(result.columns, result.rows, fmt), output)


def _is_file(text: str) -> bool:
    """A query given as a file name (a long one-line query is not a path: no stat that would fail)."""
    if "\n" in text or len(text) > 1024:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # e.g. a name too long for the file system
        return False


@click.command()
@PROJECT
@store_options
@click.option("--by", type=click.Choice(["theme", "actor", "question"]), default="theme", show_default=True,
              help="Report per theme, or per actor / research question (their themes' coverage).")
@click.option("--min-respondents", type=click.IntRange(min=1), default=1, show_default=True,
              help="Distinct respondents a theme needs for interview support.")
@click.option("--min-works", type=click.IntRange(min=1), default=1, show_default=True,
              help="Distinct supporting works a theme needs for literature support.")
@click.option("--aggregate", is_flag=True, help="Count a sub-theme's evidence toward its parent themes.")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Exit 1 when fewer than PCT percent of the themes are triangulated.")
@output_options(("table", "markdown", "csv", "tsv", "json", "html"))
def coverage(project: Path | None, by: str, min_respondents: int, min_works: int, aggregate: bool,
             fail_under: float | None, fmt: str, output: Path | None, **where) -> None:
    """Triangulation coverage: for each theme, who voiced it, which works support or contradict it,
    and a verdict (agreement, partial agreement, silence, dissonance; Farmer et al. 2006)."""
    from kg import triangulation as cov
    from kg import triangulation_view as view
    from kg.render import table

    graph = open_graph(project, **where)
    report = cov.coverage(graph, min_respondents=min_respondents, min_works=min_works, aggregate=aggregate)
    if fmt == "json":
        emit(view.to_json(report), output)
    elif fmt == "html":
        detail = cov.evidence_detail(graph, aggregate)
        emit(view.to_html(report, detail, cov.evidence_texts(graph), graph.title), output)
    else:
        readable = fmt in ("table", "markdown")
        indent = {"table": "  ", "markdown": "↳ "}.get(fmt)
        headers, rows = view.theme_rows(report, indent) if by == "theme" else view.group_rows(report, by)
        text = table(headers, rows, fmt)
        if readable:
            text += "\n" + report.summary() + "\n"
        emit(text, output)
        if not readable:
            click.echo(report.summary(), err=True)
    if fail_under is not None and report.percent < fail_under:
        raise FindingsError(f"coverage {report.percent:.0f}% is under --fail-under {fail_under:g}%")


@click.command()
@PROJECT
@store_options
@click.option("--view", type=click.Choice(["works", "themes", "communities", "actors"]), default="works",
              show_default=True, help="works: most themes and claims; themes: shared evidence; communities: "
                                      "co-citation communities; actors: who bridges the others.")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path), help="Also write the network as GraphML.")
@output_options()
def network(project: Path | None, view: str, graphml: Path | None, fmt: str, output: Path | None, **where) -> None:
    """The study as a network: rankings of works, themes, communities and actors (networkx)."""
    from kg import network as nw
    from kg.render import table

    net = nw.network(open_graph(project, **where))
    headers, rows = nw.RANKINGS[view](net)
    emit(table(headers, rows, fmt), output)
    if graphml is not None:
        emit(nw.graphml(net), graphml)
