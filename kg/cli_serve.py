"""Commands that put a study's graph on a server: push, serve. Thin: logic is in kg.serve."""
from __future__ import annotations

import time
from pathlib import Path

import click

from kg.cli_common import PROJECT
from kg.errors import display_path


@click.command()
@PROJECT
@click.option("--endpoint", metavar="URL", required=True, help="The server's SPARQL query URL.")
@click.option("--gsp-url", metavar="URL", help="Its Graph Store Protocol URL [default: URL with /query -> /store].")
@click.option("--update-url", metavar="URL", help="Its SPARQL Update URL [default: URL with /query -> /update].")
@click.option("--user", help="HTTP user.")
@click.option("--password", envvar="KG_ENDPOINT_PASSWORD", help="HTTP password (or KG_ENDPOINT_PASSWORD).")
def push(project: Path | None, endpoint: str, gsp_url: str | None, update_url: str | None, user: str | None,
         password: str | None) -> None:
    """Load the study's graph into a SPARQL server, replacing its named graph (the study's IRI).

    Then `kg query`, `kg sparql`, `kg coverage`, `kg network` and `kg viz` run against it with
    --endpoint URL.
    """
    from kg import pipeline, serve
    from kg.graph.remote import Endpoint

    data, meta = pipeline.cached_ntriples(project)
    start = time.perf_counter()
    how = serve.push(Endpoint(endpoint, update_url, gsp_url, user, password), meta["iri"], data)
    click.echo(f"pushed {meta['triples']} triples of {meta['study']} into <{meta['iri']}> at {endpoint} "
               f"by {how} ({time.perf_counter() - start:.2f} s)")


@click.command()
@PROJECT
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds after which a query is cut off.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the server's store in DIR (default: a temporary folder).")
def serve(project: Path | None, host: str, port: int, timeout: float, store_dir: Path | None) -> None:
    """Serve the study's graph as a read-only SPARQL 1.1 endpoint (the Oxigraph server).

    \b
    Queries: POST or GET http://HOST:PORT/query (SPARQL 1.1 Protocol; JSON, CSV, TSV, XML
    results). Updates are refused. For example:
      curl -H 'Accept: text/csv' --data-urlencode \\
        'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' http://127.0.0.1:7878/query
    """
    from kg import pipeline, serve as srv

    data, meta = pipeline.cached_ntriples(project)
    location = srv.prepare_store(data, meta["iri"], store_dir)
    command = srv.server_command(location, host, port, timeout)
    click.echo(f"serving {meta['study']} ({meta['triples']} triples, store {display_path(location)}) read-only at "
               f"http://{host}:{port}/query; Ctrl-C stops", err=True)
    try:
        code = srv.run_server(command)
    finally:
        if store_dir is None:  # the temporary store goes with the server
            import shutil

            shutil.rmtree(location, ignore_errors=True)
    raise SystemExit(code)
