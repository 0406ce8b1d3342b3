"""The same answers from the embedded store, an on-disk store and a real Oxigraph server; the
on-disk store is reopened without rebuilding; push replaces the study's graph; serve is read-only."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

import kg
from kg import network as nw
from kg import pipeline, queries, serve
from kg.cli import cli
from kg.triangulation_view import to_json

PARAMS = {"claims-citing-work": {"work": "tjia2022"}}


def answers(graph) -> dict:
    out = {name: sorted(map(repr, queries.run_named(graph, name, PARAMS.get(name, {})).rows))
           for name in queries.library()}
    out["coverage"] = json.loads(to_json(kg.coverage(graph, aggregate=True)))
    net = nw.network(graph)
    out["network"] = {view: rank(net) for view, rank in nw.RANKINGS.items()}
    from kg import viz

    out["viz"] = viz.render_html(viz.overview(viz.study_graph(graph)))
    return out


def test_identical_answers_on_every_store(tmp_path, oxigraph_server):
    memory = kg.open_graph()
    data, meta = pipeline.cached_ntriples(None)
    from kg.graph.store import open_disk_store, replace_graph

    store = open_disk_store(tmp_path / "store")
    replace_graph(store, meta["iri"], data)
    del store
    disk = pipeline.open_graph(store=tmp_path / "store")
    serve.push(oxigraph_server, meta["iri"], data)
    remote = pipeline.open_graph(endpoint=oxigraph_server, study=meta["iri"])
    expected = answers(memory)
    assert len(expected["coverage"]["themes"]) == 28
    assert answers(disk) == expected
    assert answers(remote) == expected


def test_build_store_then_query_it_without_rebuilding(tiny, runner, tmp_path, monkeypatch):
    folder = tmp_path / "store"
    assert runner.invoke(cli, ["build", str(tiny), "--store", str(folder), "-o", str(tmp_path / "g.ttl")]).exit_code == 0
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: pytest.fail("rebuilt"))
    result = runner.invoke(cli, ["coverage", "--store", str(folder), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "china-societal-stereotypes" in result.output
    # a second study in the same store: the commands then ask which
    bundled = tmp_path / "g2.ttl"
    monkeypatch.undo()
    assert runner.invoke(cli, ["build", "--store", str(folder), "-o", str(bundled)]).exit_code == 0
    result = runner.invoke(cli, ["coverage", "--store", str(folder)])
    assert result.exit_code == 2 and "several studies; pick one with --study" in result.output
    assert runner.invoke(cli, ["coverage", "--store", str(folder), "--study", "tiny"]).exit_code == 0


def test_missing_store_and_unreachable_endpoint_are_clear_errors(runner, tmp_path):
    result = runner.invoke(cli, ["coverage", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no kg store here" in result.output
    result = runner.invoke(cli, ["coverage", "--endpoint", "http://127.0.0.1:9/query"])
    assert result.exit_code == 2 and "cannot reach the SPARQL endpoint" in result.output


def test_push_replaces_the_named_graph(tiny, runner, oxigraph_server):
    url = oxigraph_server.query_url
    for _ in range(2):  # twice: replaced, not doubled
        result = runner.invoke(cli, ["push", str(tiny), "--endpoint", url])
        assert result.exit_code == 0 and "atomic replace" in result.output
    graph = pipeline.open_graph(tiny, endpoint=oxigraph_server)
    assert len(graph) == len(kg.open_graph(tiny))
    result = runner.invoke(cli, ["coverage", "--endpoint", url, "--study", "tiny", "-f", "json"])
    assert json.loads(result.output)["summary"]["themes"] == 2


def test_serve_answers_a_real_client_and_refuses_updates(tmp_path):
    port = __import__("conftest")._free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(?t) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Theme> }"})
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(f"{base}/query?{query}", headers={"Accept": "application/sparql-results+json"})
                body = json.loads(urllib.request.urlopen(request, timeout=2).read())
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.2)
        assert body["results"]["bindings"][0]["n"]["value"] == "28"
        csv = urllib.request.urlopen(urllib.request.Request(f"{base}/query?{query}", headers={"Accept": "text/csv"}))
        assert csv.read().decode().splitlines() == ["n", "28"]
        update = urllib.request.Request(f"{base}/update", data=b"DROP ALL", method="POST",
                                        headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=5)
        assert refused.value.code in (403, 405)
    finally:
        process.kill()  # SIGKILL: kg cannot stop its server itself; the kernel must (PR_SET_PDEATHSIG)
        process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?{query}", timeout=1)
        except OSError:
            break  # the port is closed: the server went with kg
        assert time.monotonic() < deadline, "the Oxigraph server outlived a SIGKILLed kg serve"
        time.sleep(0.2)
