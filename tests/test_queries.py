"""The named query library and ad hoc SPARQL: headers, results on the bundled study, safe
parameter binding (the injection test), errors with line and column, output formats."""
from __future__ import annotations

import csv
import io
import json

import pytest

import kg
import kg.errors
from kg import queries
from kg.cli import cli

LIBRARY = queries.library()


def test_library_has_the_queries_the_issue_names():
    assert {"literature-per-theme", "themes-without-literature", "respondents-per-theme", "claims-citing-work",
            "works-contradicting-theme", "tools-per-actor", "statistics-with-sources", "second-hand-works",
            "co-cited-works"} <= set(LIBRARY)


@pytest.mark.parametrize("path", sorted(queries.queries_dir().glob("*.rq")), ids=lambda p: p.name)
def test_every_query_file_has_title_description_and_declared_params(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# title: ")
    assert "\n# description: " in text
    q = queries.parse_header(path)
    for p in q.params:  # every declared parameter is a projected variable the engine can bind
        assert f"?{p.name}" in text.split("WHERE", 1)[0]


@pytest.fixture
def graph(backend_graph):
    """Each test runs on the embedded store, the on-disk store and a real Oxigraph server."""
    return backend_graph


def column(table, name):
    return [row[table.columns.index(name)] for row in table.rows]


def test_literature_for_one_theme(graph):
    t = kg.query(graph, "literature-per-theme", theme="china-societal-stereotypes")
    assert sorted(column(t, "citation")) == ["Arynov (2022)", "Bitabarova (2018)", "Burkhanov and Chen (2016)",
                                             "Nogayeva (2015)", "Tjia (2022)"]
    assert dict(zip(column(t, "citation"), column(t, "claims")))["Bitabarova (2018)"] == 2


def test_literature_for_every_theme_covers_only_supported_themes(graph):
    t = kg.query(graph, "literature-per-theme")
    assert ("Turkey restrained by internal issues", "Oguzlu (2007)") in set(zip(column(t, "label"), column(t, "citation")))
    without = {row[1] for row in kg.query(graph, "themes-without-literature").rows}
    assert not without & set(column(t, "label"))
    assert "Russia's soft power used inefficiently" in without


def test_respondents_and_quotes_per_theme(graph):
    t = kg.query(graph, "respondents-per-theme", theme="russia-cooperation-inevitable")
    assert set(column(t, "who")) == {"Respondent 2", "Respondent 3"}
    assert "Despite all, we need cooperation with Russia … It is inevitable" in column(t, "quote")


def test_claims_citing_a_work_with_stance_pages_and_via(graph):
    t = kg.query(graph, "claims-citing-work", work="bitabarova2018")
    assert set(column(t, "stance")) == {"obtainsSupportFrom"} and "166" in column(t, "pages")
    via = kg.query(graph, "claims-citing-work", work="olcott2005")
    assert column(via, "via") == ["Gnedina (2015)"]


def test_works_contradicting_a_theme(graph, tiny):
    # the article sets no work against an interview theme; its two contrasted views (Lomer 2017,
    # Nye 2013) are debates of the literature review, coded with tools, not themes
    assert kg.query(graph, "works-contradicting-theme").rows == []
    extra = tiny / "study" / "zz.yaml"
    extra.write_text("claims:\n  - id: c-contra\n    text: \"China aspired to exercise its soft power resources\"\n"
                     "    cites: [{work: gill2006, stance: contrasts}]\n    themes: [china-influence-limited]\n")
    t = kg.query(tiny, "works-contradicting-theme", theme="china-influence-limited")
    assert column(t, "citation") == ["Gill and Huang (2006)"]


def test_tools_per_actor_with_evidence(graph):
    t = kg.query(graph, "tools-per-actor", actor="turkey")
    evidence = set(zip(column(t, "tool_label"), column(t, "kind"), column(t, "source")))
    assert ("TV series", "claim", "Agirseven and Örki (2017)") in evidence
    assert ("Scholarships", "statistic", "Yessirkep et al. (2025)") in evidence  # 2,349 students, no source stated
    assert ("Education", "quote", "Respondent 1") in evidence
    assert set(column(t, "actor_label")) == {"Turkey"}


def test_statistics_with_sources(graph):
    t = kg.query(graph, "statistics-with-sources")
    by_value = {row[2]: row for row in t.rows}
    assert by_value[71368][t.columns.index("source")] == "UNESCO Institute for Statistics (n.d.)"
    assert by_value[600000][t.columns.index("url")] == "https://rosstat.gov.ru/folder/56580#"


def test_second_hand_and_co_cited_works(graph):
    assert sorted(zip(column(kg.query(graph, "second-hand-works"), "citation"),
                      column(kg.query(graph, "second-hand-works"), "via"))) == \
        [("Collier and Mahon (n.d.)", "Rothman (2011)"), ("Olcott (2005)", "Gnedina (2015)")]
    pairs = kg.query(graph, "co-cited-works")
    assert ("Altunişik (2008)", "Oguzlu (2007)") in set(zip(column(pairs, "first"), column(pairs, "second")))


# -- parameters are data, never query text -----------------------------------------------------

HOSTILE = 'x" } ; DROP ALL ; #'


def test_injection_through_an_id_parameter_is_refused_as_an_unknown_id(graph, runner):
    before = len(graph)
    result = runner.invoke(cli, ["query", "literature-per-theme", "--param", f"theme={HOSTILE}"])
    assert result.exit_code == 2
    assert "no theme 'x\" } ; DROP ALL ; #' in this study" in result.output
    with pytest.raises(kg.errors.KgError, match="no theme"):
        kg.query(graph, "literature-per-theme", theme=HOSTILE)
    assert len(graph) == before


def test_injection_through_a_text_parameter_is_bound_as_a_literal(graph):
    before = len(graph)
    param = queries.Param("needle", "text", False, "")
    term = queries.bind(graph, param, HOSTILE)
    text = "SELECT ?needle ?s WHERE { OPTIONAL { ?s kg:text ?needle } }"
    result = queries.execute(graph, text, substitutions={__import__("pyoxigraph").Variable("needle"): term})
    assert result.rows == [[HOSTILE, None]]  # matched as a value, found nowhere, nothing dropped
    assert len(graph) == before


def test_unknown_query_parameter_and_id_suggest(runner):
    assert "did you mean 'literature-per-theme'" in runner.invoke(cli, ["query", "literature-per-them"]).output
    result = runner.invoke(cli, ["query", "literature-per-theme", "-p", "theme=russia-partner"])
    assert result.exit_code == 2 and "did you mean" in result.output
    result = runner.invoke(cli, ["query", "literature-per-theme", "-p", "colour=red"])
    assert result.exit_code == 2 and "it takes: theme" in result.output
    result = runner.invoke(cli, ["query", "claims-citing-work"])
    assert result.exit_code == 2 and "needs --param work" in result.output


# -- kg sparql ---------------------------------------------------------------------------------

def test_sparql_select_with_predeclared_prefixes(runner):
    result = runner.invoke(cli, ["sparql", "SELECT (COUNT(?t) AS ?n) WHERE { ?t a kg:Theme }", "-f", "csv"])
    assert result.exit_code == 0 and result.output == "n\n28\n"


def test_sparql_ask_and_construct(runner):
    assert runner.invoke(cli, ["sparql", "ASK { ?s a kg:Excerpt }"]).output == "true\n"
    out = runner.invoke(cli, ["sparql", "CONSTRUCT { ?t skos:broader ?p } WHERE { ?t skos:broader ?p }"]).output
    assert "skos:broader theme:russia-unavoidable-partner" in out


def test_sparql_syntax_error_has_line_and_column(runner, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?x WHERE {\n  ?x a nope:Thing }\n")
    result = runner.invoke(cli, ["sparql", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2:" in result.output and "unknown prefix" in result.output


def test_sparql_refuses_updates(runner, graph):
    before = len(graph)
    result = runner.invoke(cli, ["sparql", "DROP ALL"])
    assert result.exit_code == 2 and "never changes the graph" in result.output
    with pytest.raises(kg.errors.InputError, match="never changes the graph"):
        queries.execute(graph, "DROP ALL")
    assert len(graph) == before


# -- shared output formats -----------------------------------------------------------------------

def test_output_formats_and_file(runner, tmp_path):
    args = ["query", "statistics-with-sources"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, [*args, "-f", "csv"]).output)))
    assert len(rows) == 18
    assert len(runner.invoke(cli, [*args, "-f", "tsv"]).output.splitlines()) == 19
    assert len(json.loads(runner.invoke(cli, [*args, "-f", "json"]).output)) == 18
    assert runner.invoke(cli, [*args, "-f", "markdown"]).output.startswith("| statistic | label |")
    out = tmp_path / "s.json"
    assert runner.invoke(cli, [*args, "-f", "json", "-o", str(out)]).exit_code == 0
    assert len(json.loads(out.read_text())) == 18


def test_query_list(runner):
    result = runner.invoke(cli, ["query", "--list"])
    assert result.exit_code == 0
    assert "literature-per-theme" in result.output and "theme (theme id, optional)" in result.output


def test_a_long_one_line_query_is_not_taken_for_a_file_name(runner):
    long = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?s != <http://example.org/" + "x" * 400 + ">) }"
    result = runner.invoke(cli, ["sparql", long, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "n"
