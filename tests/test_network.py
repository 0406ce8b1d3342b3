"""kg network on the tiny project, where every ranking can be worked out by hand."""
from __future__ import annotations

import networkx as nx

import kg
from kg import network as nw
from kg.cli import cli


def test_rankings_on_the_tiny_project(tiny):
    net = nw.network(kg.open_graph(tiny))
    _, works = nw.works_ranking(net)
    by_work = {r[0]: r[1:3] for r in works}
    assert by_work["Bitabarova (2018)"] == [1, 1]  # one claim, theme china-societal-stereotypes
    assert by_work["Gill and Huang (2006)"] == [1, 0]  # cited for a tool, no theme
    _, pairs = nw.shared_evidence(net)
    assert pairs == []  # the two themes share no work and no respondent
    _, bridges = nw.actor_bridges(net)
    assert bridges[0][:3] == ["China", 1, 2]  # uses education; the two themes are about China


def test_cocitation_communities(tiny):
    (tiny / "study" / "zz.yaml").write_text(
        "claims:\n  - id: c-both\n    text: \"Burkhanov and Chen (2016) have argued\"\n"
        "    cites: [{work: burkhanov2016, stance: supports}, {work: bitabarova2018, stance: supports}]\n")
    net = nw.network(kg.open_graph(tiny))
    assert nw.cocitation(net).number_of_edges() == 1
    _, rows = nw.communities(net)
    assert rows == [[1, 2, "Bitabarova (2018); Burkhanov and Chen (2016)"]]


def test_bundled_study_views_and_graphml(runner, tmp_path):
    for view in ("works", "themes", "communities", "actors"):
        result = runner.invoke(cli, ["network", "--view", view, "-f", "csv"])
        assert result.exit_code == 0 and len(result.output.splitlines()) > 3, view
    out = tmp_path / "g.graphml"
    assert runner.invoke(cli, ["network", "--graphml", str(out)]).exit_code == 0
    g = nx.read_graphml(out)
    kinds = nx.get_node_attributes(g, "kind")
    assert sum(1 for k in kinds.values() if k == "theme") == 28
    assert sum(1 for k in kinds.values() if k == "excerpt") == 28
    top = runner.invoke(cli, ["network", "--view", "actors", "-f", "csv"]).output.splitlines()[1]
    assert top.startswith("Russia,")  # Russia links most tools and themes to the rest


def test_api_from_a_project_path(tiny):
    report = kg.coverage(tiny)
    assert [t.theme for t in report.themes] == ["china-influence-limited", "china-societal-stereotypes"]
    assert kg.query(tiny, "second-hand-works").rows == []
