"""kg viz without a browser: the prepared nodes and edges, the views, the escaping, the page's
self-containment, the CLI, and the large-graph path (tests/test_viz_browser.py opens the pages)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from pathlib import Path

import pytest

from kg import pipeline, viz
from kg.errors import ExitCode, KgError
from kg.graph.store import class_counts
from kg.viz.layout import grouped_layout
from kg.viz.model import EDGE_KIND, KIND
from kg.viz.render import PHYSICS_LIMIT, assets, page_data, render_html, script_json
from kg.viz.synthetic import synthetic

DATA = Path(__file__).parent / "data"
TINY, HOSTILE = DATA / "tiny", DATA / "hostile"
PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def tiny_graph():
    return viz.study_graph(pipeline.build(TINY, validate=False).store())


@pytest.fixture(scope="module")
def hostile_graph():
    return viz.study_graph(pipeline.build(HOSTILE, validate=False).store())


@pytest.fixture(scope="module")
def bundled_graph(bundled_store):
    return viz.study_graph(bundled_store)


def edge_set(graph):
    return {(e.source, e.target, e.kind) for e in graph.edges}


def details(node) -> dict[str, str]:
    return dict(node.details)


# -- the prepared graph ---------------------------------------------------------------------------


def test_tiny_nodes_are_the_records_and_nothing_else(tiny_graph):
    assert tiny_graph.counts() == {"themes": 2, "excerpts": 2, "findings": 1, "respondents": 3, "claims": 4,
                                   "works": 5, "actors": 1, "tools": 1, "statistics": 1, "conclusions": 1,
                                   "research_questions": 1}
    ids = {n.id for n in tiny_graph.nodes}
    assert "theme:china-societal-stereotypes" in ids and "work:burkhanov2016" in ids and "rq:rq1" in ids
    # authors, citation and selector nodes, interviews, tool uses and schemes are folded in, not drawn
    assert not [n for n in tiny_graph.nodes if re.search(r"/author/|/citation/|#selector|#target|/interview/"
                                                         r"|/tool-use/|/codebook$|/tools$", n.iri)]
    assert all(n.id.partition(":")[0] == KIND[n.kind].prefix for n in tiny_graph.nodes)


def test_tiny_edges_carry_their_kind(tiny_graph):
    edges = edge_set(tiny_graph)
    for expected in [
        ("claim:c-stereotypes", "work:burkhanov2016", "supports"),
        ("claim:c-agriculture", "work:bitabarova2018", "supports"),
        ("claim:c-resources", "work:gill2006", "background"),
        ("excerpt:q1", "respondent:r3", "voiced by"),
        ("excerpt:q1", "theme:china-influence-limited", "coded with"),
        ("finding:f1", "respondent:respondents", "voiced by"),
        ("finding:f1", "theme:china-societal-stereotypes", "about theme"),
        ("claim:c-own", "theme:china-societal-stereotypes", "about theme"),
        ("theme:china-societal-stereotypes", "theme:china-influence-limited", "broader"),
        ("respondent:respondents", "respondent:r3", "member"),
        ("actor:china", "tool:education", "uses tool"),
        ("conclusion:concl", "excerpt:q2", "evidence"),
        ("statistic:border", "work:ayagan2014", "source"),
        ("theme:china-influence-limited", "rq:rq1", "answers"),
        ("claim:c-resources", "tool:education", "about"),
    ]:
        assert expected in edges, expected
    # a stance makes cito:cites redundant; an excerpt's kg:hasTheme repeats its oa:hasBody
    assert not [e for e in edges if e[2] == "cites"]
    assert ("excerpt:q1", "theme:china-influence-limited", "about theme") not in edges
    assert all(e.kind in EDGE_KIND for e in tiny_graph.edges)
    uses = [e for e in tiny_graph.edges if e.kind == "uses tool"]
    assert uses[0].note == "evidence: c-resources"
    pages = [e for e in tiny_graph.edges if e.target == "work:bitabarova2018"]
    assert pages[0].note == "p. 166"


def test_tooltip_details_by_kind(tiny_graph):
    work = details(tiny_graph.node("work:yessirkep2025"))
    assert work["authors"] == "Yessirkep, Abdrakhmanova, Zhumashov and Pussyrmanov"
    assert work["year"] == "2025" and work["DOI"] == "10.3389/fpos.2025.1544208"
    assert work["in"] == "Frontiers in Political Science"
    assert ("doi:10.3389/fpos.2025.1544208", "https://doi.org/10.3389/fpos.2025.1544208") in \
        tiny_graph.node("work:yessirkep2025").links
    cited = details(tiny_graph.node("work:bitabarova2018"))
    assert cited["pages cited"] == "p. 166 (claim c-agriculture)"
    assert cited["note"] == "Cited in sect. 5.3 at p. 166."
    quote = details(tiny_graph.node("excerpt:q2"))
    assert quote["quote"] == "… Kazakhstan [society] has strong stereotypes toward China"
    assert quote["respondent"] == "Respondent 5" and quote["cited as"] == "Respondent 5, 2022"
    claim = details(tiny_graph.node("claim:c-stereotypes"))
    assert claim["text"].startswith("Burkhanov and Chen (2016) have argued") and claim["section"] == "5.3"
    stat = details(tiny_graph.node("statistic:border"))
    assert stat["value"] == "1782 km" and stat["source"] == "Ayagan (2014)"
    assert details(tiny_graph.node("actor:china"))["Wikidata"] == "Q148"
    assert tiny_graph.node("excerpt:q1").label.startswith("“China has soft power tools.")


def test_bundled_graph_has_every_record(bundled_graph, bundled_store):
    counts = dict(class_counts(bundled_store))
    got = bundled_graph.counts()
    for kind, cls in [("themes", "kg:Theme"), ("excerpts", "kg:Excerpt"), ("findings", "kg:Finding"),
                      ("claims", "kg:Claim"), ("works", "fabio:Expression"), ("actors", "kg:Actor"),
                      ("tools", "kg:Tool"), ("institutions", "kg:Institution"), ("statistics", "kg:Statistic"),
                      ("conclusions", "kg:Conclusion"), ("research_questions", "kg:ResearchQuestion")]:
        assert got[kind] == counts[cls], kind
    assert got["respondents"] == counts["kg:Respondent"] + counts["kg:RespondentGroup"]
    assert len({n.id for n in bundled_graph.nodes}) == len(bundled_graph.nodes)
    supports = [e for e in bundled_graph.edges if e.kind == "supports"]
    assert any(e.target == "work:agirseven2017" for e in supports)
    assert bundled_graph.node("work:agirseven2017").label == "Agirseven and Örki (2017)"


# -- views ---------------------------------------------------------------------------------------


def test_overview_is_theme_centred_and_small(bundled_graph):
    view = viz.overview(bundled_graph)
    counts = view.counts()
    assert set(counts) == {"themes", "excerpts", "findings", "claims", "respondents", "works"}
    assert counts["themes"] == bundled_graph.counts()["themes"]
    assert counts["excerpts"] == bundled_graph.counts()["excerpts"]  # every quote is coded with a theme
    assert len(view.nodes) < 260 and len(view.edges) < 400  # readable, not the 413-node, 1146-edge whole
    ids = {n.id for n in view.nodes}
    sides = {e.target for e in view.edges if e.kind in ("supports", "contrasts")}
    assert {n.id for n in view.nodes if n.kind == "works"} == sides
    assert {e.kind for e in view.edges} <= {"coded with", "about theme", "voiced by", "broader", "member",
                                           "supports", "contrasts"}
    assert all(e.source in ids and e.target in ids for e in view.edges)


def test_focus_on_a_theme_shows_its_quotes_respondents_and_works(tiny_graph):
    view = viz.select(tiny_graph, themes=["china-societal-stereotypes"])
    ids = {n.id for n in view.nodes}
    assert {"theme:china-societal-stereotypes", "excerpt:q2", "respondent:r5", "finding:f1", "claim:c-stereotypes",
            "work:burkhanov2016", "work:bitabarova2018", "claim:c-own"} <= ids
    assert "work:gill2006" not in ids  # cited by a claim on no theme
    assert view.centres == ["theme:china-societal-stereotypes"]
    # a parent theme's view includes its sub-themes' evidence
    parent = {n.id for n in viz.focus(tiny_graph, ["theme:china-influence-limited"], 1).nodes}
    assert {"excerpt:q1", "excerpt:q2", "finding:f1", "claim:c-stereotypes"} <= parent
    assert {n.id for n in viz.focus(tiny_graph, ["theme:china-societal-stereotypes"], 0).nodes} == \
        {"theme:china-societal-stereotypes"}


def test_focus_stops_at_shared_categories(tiny_graph):
    ids = {n.id for n in viz.select(tiny_graph, works=["gill2006"], depth=6).nodes}
    assert ids == {"work:gill2006", "claim:c-resources", "tool:education"}  # not the tool's actor, China
    around_china = {n.id for n in viz.select(tiny_graph, actors=["china"], depth=1).nodes}
    assert {"actor:china", "tool:education", "excerpt:q1", "theme:china-influence-limited"} <= around_china


def test_unknown_ids_name_the_closest(tiny_graph):
    with pytest.raises(KgError) as err:
        viz.select(tiny_graph, themes=["china-stereotypes"])
    assert "no theme 'china-stereotypes'" in str(err.value) and "'china-societal-stereotypes'" in str(err.value)
    assert err.value.exit_code == ExitCode.INPUT
    with pytest.raises(KgError, match="did you mean 'burkhanov2016'"):
        viz.select(tiny_graph, works=["burkhanov2061"])
    with pytest.raises(KgError, match="no actor 'russia'"):
        viz.select(tiny_graph, actors=["russia"])


def test_select_all(tiny_graph):
    everything = viz.select(tiny_graph, everything=True)
    assert len(everything.nodes) == len(tiny_graph.nodes) and len(everything.edges) == len(tiny_graph.edges)


# -- the page --------------------------------------------------------------------------------------


def test_script_json_cannot_close_its_script_element():
    hostile = {"t": "</script><!--<script>\u2028\u2029&amp;>", "k": "</SCRIPT"}
    text = script_json(hostile)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == hostile


def _outside_data(page: str) -> str:
    """The page minus the data element and the inlined vis-network script."""
    page = re.sub(r'<script id="kg-data" type="application/json">.*?</script>', "", page, flags=re.S)
    return page.replace(assets()["vis_js"], "")


def _data(page: str) -> dict:
    return json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S).group(1))


def test_hostile_text_stays_data(hostile_graph):
    page = render_html(viz.select(hostile_graph, everything=True))
    for bad in (PWN_SCRIPT, PWN_IMG, "<img src=x", "<svg onload", '<a href="javascript', "window.__pwned=1</script>"):
        assert bad not in page
    # the only script tags are the page's own three (vis-network's code holds a "<script>" string)
    own = page.replace(assets()["vis_js"], "")
    assert own.lower().count("</script") == 3 and own.lower().count("<script") == 3
    assert "<title>Hostile &lt;b&gt;bold&lt;/b&gt; &amp; &lt;/title&gt;&lt;script&gt;" in page
    assert '<h1 id="kg-title">Hostile &lt;b&gt;bold' in page
    # ... and the text comes back intact from the embedded JSON
    nodes = {n["id"]: n for n in _data(page)["nodes"]}
    assert nodes["excerpt:q1"]["l"] == ("“I said <script>window.__pwned=1</script> and "
                                        '<img src=x onerror="window.__pwned=1"> and </script><!-- end”')
    assert dict(nodes["work:pwned2020"]["d"])["title"].startswith(PWN_SCRIPT)
    assert "\u2028" in nodes["excerpt:q2"]["l"] and "\u2028" not in page


def test_page_is_self_contained(hostile_graph, bundled_graph):
    for graph in (hostile_graph, viz.overview(bundled_graph)):
        page = render_html(graph)
        outside = _outside_data(page)
        assert not re.search(r"""(src|href|action|srcset)\s*=\s*["']?\s*(https?:)?//""", outside, re.I)
        assert not re.search(r"<(link|iframe|object|embed|img|base)\b", outside, re.I)
        assert not re.search(r"<script[^>]*\bsrc\b", page, re.I)
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", outside, re.I)
        for host in ("cdnjs", "jsdelivr", "cloudflare", "bootstrap", "unpkg", "googleapis"):
            assert host not in outside.lower(), host
        assert "sourceMappingURL" not in page
        # vis-network is inlined (script and style), and the page declares UTF-8 first
        assert assets()["vis_js"] in page and assets()["vis_css"] in page
        assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')


def test_csp_allows_exactly_the_page_scripts(tiny_graph):
    page = render_html(tiny_graph)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy and "unsafe-inline" not in \
        policy.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "Content-Security-Policy" not in render_html(tiny_graph, csp=False)


def test_unicode_is_kept_as_written(hostile_graph):
    page = render_html(hostile_graph)
    for text in ("İstanbul ıslık Şükür Ödül", "Қазақ тілі және Ықпал", "Респондент Ёлкин", "Örki and Altunişik (2020)"):
        assert text in page
    assert page.encode("utf-8")  # no lone surrogates


def test_page_data_matches_the_graph(tiny_graph):
    data = page_data(tiny_graph)
    assert len(data["nodes"]) == len(tiny_graph.nodes) and len(data["edges"]) == len(tiny_graph.edges)
    assert data["physics"] is True and data["large"] is False and "x" not in data["nodes"][0]
    assert [k["name"] for k in data["kinds"]] == list(KIND)
    kinds = {(k["shape"], k["color"], k["dashed"]) for k in data["kinds"]}
    assert len(kinds) == len(KIND) and len({k["color"] for k in data["kinds"]}) == len(KIND)
    assert len({k["color"] for k in data["edgeKinds"]}) == len(EDGE_KIND)  # edges differ by colour alone
    assert data["edges"][0][2] in range(len(EDGE_KIND))


# -- large graphs -------------------------------------------------------------------------------


def test_large_graph_is_laid_out_in_python_quickly(bundled_graph):
    big = synthetic(bundled_graph, 10_000, 20_000)
    assert len(big.nodes) == 10_000 and len(big.edges) == 20_000
    assert len({n.id for n in big.nodes}) == 10_000
    assert len({(e.source, e.target, e.kind) for e in big.edges}) == 20_000
    render_html(big)  # warm the asset cache
    start = time.perf_counter()
    page = render_html(big)
    seconds = time.perf_counter() - start
    assert seconds < 3.0, seconds  # about 0.3 s here; scripts/bench_viz.py reports the real figure
    data = _data(page)
    assert data["physics"] is False and data["large"] is True and len(data["bounds"]) == 4
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 10_000  # no two nodes on one spot


def test_layout_threshold(bundled_graph):
    assert page_data(viz.select(bundled_graph, everything=True))["physics"] is (
        len(bundled_graph.nodes) <= PHYSICS_LIMIT)
    positions = grouped_layout(bundled_graph)
    assert set(positions) == {n.id for n in bundled_graph.nodes}


# -- the command ----------------------------------------------------------------------------------


def test_cli_writes_one_page(runner, tmp_path):
    from kg.cli_viz import viz as viz_command

    out = tmp_path / "out" / "tiny.html"
    result = runner.invoke(viz_command, [str(TINY), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ nodes, \d+ edges; wrote .*tiny\.html\n", result.output)
    page = out.read_text(encoding="utf-8")
    assert "Societal stereotypes limit China" in page and not list(out.parent.glob(".*.tmp"))

    result = runner.invoke(viz_command, [str(TINY), "-o", str(out), "--theme", "china-societal-stereotypes",
                                         "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert _data(out.read_text(encoding="utf-8"))["centres"] == ["theme:china-societal-stereotypes"]

    result = runner.invoke(viz_command, [str(TINY), "-o", str(out), "--all"])
    assert result.output.startswith("22 nodes, ")


def test_cli_default_output_and_errors(runner, tmp_path, monkeypatch):
    from kg.cli_viz import viz as viz_command

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(viz_command, [str(TINY)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "tiny.html").is_file()
    result = runner.invoke(viz_command, [str(TINY), "--theme", "china-stereotype"])
    assert result.exit_code == 2
    assert "error: no theme 'china-stereotype' in this study; did you mean 'china-societal-stereotypes'" \
        in result.output
    assert runner.invoke(viz_command, [str(TINY), "--actor", "chna"]).exit_code == 2
    assert runner.invoke(viz_command, [str(TINY), "--depth", "1"]).exit_code == 2
    assert runner.invoke(viz_command, [str(TINY), "--all", "--work", "gill2006"]).exit_code == 2
    assert runner.invoke(viz_command, [str(tmp_path / "nowhere")]).exit_code == 2
