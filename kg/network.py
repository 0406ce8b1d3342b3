"""The study as a network (networkx): which works carry the most themes and claims, which themes
share evidence, co-citation communities of works, and which actors bridge the others.

One SPARQL query fetches the edges; everything else is graph algorithms on them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import pyoxigraph as ox

from kg.graph.store import StudyGraph
from kg.vocab import PREFIXES, RDF, RDFS

VIEWS = ("works", "themes", "communities", "actors")

_EDGES = """
SELECT ?s ?kind ?o WHERE {
  { ?s cito:cites ?o . ?s a kg:Claim . BIND("cites" AS ?kind) }
  UNION { ?s kg:hasTheme ?o . BIND("about theme" AS ?kind) }
  UNION { ?s kg:voicedBy ?o . BIND("voiced by" AS ?kind) }
  UNION { ?s kg:usesTool ?o . BIND("uses tool" AS ?kind) }
  UNION { ?s kg:concernsActor ?o . BIND("about actor" AS ?kind) }
  UNION { ?s skos:broader ?o . ?s a kg:Theme . BIND("broader" AS ?kind) }
  UNION { ?s foaf:member ?o . ?s a kg:Actor . BIND("member" AS ?kind) }
}"""
# the kind of a node, from its most specific class
KINDS = {"Expression": "work", "Claim": "claim", "Excerpt": "excerpt", "Finding": "finding", "Theme": "theme",
         "Respondent": "respondent", "RespondentGroup": "respondent", "Actor": "actor", "Country": "actor",
         "Bloc": "actor", "Organisation": "actor", "Tool": "tool", "Statistic": "statistic",
         "Conclusion": "conclusion", "ResearchQuestion": "research question", "Institution": "institution"}


@dataclass
class StudyNetwork:
    graph: nx.MultiDiGraph  # node attributes: kind, label; edge attribute: kind

    def of_kind(self, kind: str) -> list[str]:
        return [n for n, d in self.graph.nodes(data=True) if d["kind"] == kind]

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"]


def network(graph: StudyGraph) -> StudyNetwork:
    prefix = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    kinds: dict[str, str] = {}
    for subject, _, cls in graph.triples(None, ox.NamedNode(RDF.type)):
        kind = KINDS.get(cls.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        if kind and isinstance(subject, ox.NamedNode):
            kinds[subject.value] = kind
    labels = {s.value: o.value for s, _, o in graph.triples(None, ox.NamedNode(RDFS.label))}
    g = nx.MultiDiGraph()
    for row in graph.query(prefix + _EDGES):
        s, o = row["s"].value, row["o"].value
        if s in kinds and o in kinds:
            for node in (s, o):
                if node not in g:
                    g.add_node(node, kind=kinds[node], label=labels.get(node, node.rsplit("/", 1)[-1]))
            g.add_edge(s, o, kind=row["kind"].value)
    return StudyNetwork(g)


def _edges(net: StudyNetwork, kind: str):
    return ((s, o) for s, o, k in net.graph.edges(data="kind") if k == kind)


def works_ranking(net: StudyNetwork) -> tuple[list[str], list[list]]:
    """Works by how many claims cite them and how many distinct themes those claims carry."""
    claims: dict[str, set[str]] = defaultdict(set)
    for claim, work in _edges(net, "cites"):
        claims[work].add(claim)
    themes_of: dict[str, set[str]] = defaultdict(set)
    for s, theme in _edges(net, "about theme"):
        themes_of[s].add(theme)
    rows = []
    for work in net.of_kind("work"):
        themes = set().union(*(themes_of[c] for c in claims[work])) if claims[work] else set()
        rows.append([net.label(work), len(claims[work]), len(themes), "; ".join(sorted(net.label(t) for t in themes))])
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    return ["work", "claims", "themes", "theme labels"], rows


def shared_evidence(net: StudyNetwork) -> tuple[list[str], list[list]]:
    """Pairs of themes backed by the same works or voiced by the same respondents."""
    works: dict[str, set[str]] = defaultdict(set)
    voices: dict[str, set[str]] = defaultdict(set)
    cited = defaultdict(set)
    for claim, work in _edges(net, "cites"):
        cited[claim].add(work)
    speakers = defaultdict(set)
    for e, r in _edges(net, "voiced by"):
        speakers[e].add(r)
    for s, theme in _edges(net, "about theme"):
        works[theme] |= cited.get(s, set())
        voices[theme] |= speakers.get(s, set())
    rows = []
    for a, b in combinations(sorted(net.of_kind("theme"), key=net.label), 2):
        w, r = works[a] & works[b], voices[a] & voices[b]
        if w or r:
            rows.append([net.label(a), net.label(b), len(w), len(r), "; ".join(sorted(net.label(x) for x in w))])
    rows.sort(key=lambda x: (-(x[2] + x[3]), x[0], x[1]))
    return ["theme", "other theme", "shared works", "shared respondents", "works"], rows


def cocitation(net: StudyNetwork) -> nx.Graph:
    """Works linked when one claim cites both; weight = how many claims do."""
    g = nx.Graph()
    by_claim: dict[str, set[str]] = defaultdict(set)
    for claim, work in _edges(net, "cites"):
        by_claim[claim].add(work)
    for works in by_claim.values():
        for a, b in combinations(sorted(works), 2):
            weight = g.get_edge_data(a, b, {}).get("weight", 0) + 1
            g.add_edge(a, b, weight=weight)
    return g


def communities(net: StudyNetwork) -> tuple[list[str], list[list]]:
    """Co-citation communities (greedy modularity), largest first."""
    g = cocitation(net)
    if not g.number_of_edges():
        return ["community", "works", "members"], []
    groups = nx.algorithms.community.greedy_modularity_communities(g, weight="weight")
    rows = [[i, len(c), "; ".join(sorted(net.label(w) for w in c))]
            for i, c in enumerate(sorted(groups, key=lambda c: (-len(c), sorted(c))), start=1)]
    return ["community", "works", "members"], rows


def actor_bridges(net: StudyNetwork) -> tuple[list[str], list[list]]:
    """Actors ranked by betweenness in the actor-tool-theme network: who connects the others."""
    g = nx.Graph()
    for actor, tool in _edges(net, "uses tool"):
        g.add_edge(actor, tool)
    for s, actor in _edges(net, "about actor"):
        if net.graph.nodes[s]["kind"] == "theme":
            g.add_edge(actor, s)
    for bloc, member in _edges(net, "member"):
        g.add_edge(bloc, member)
    if not g.number_of_nodes():
        return ["actor", "tools", "themes", "betweenness"], []
    between = nx.betweenness_centrality(g)
    rows = []
    for actor in net.of_kind("actor"):
        if actor not in g:
            continue
        neighbours = [net.graph.nodes[n]["kind"] for n in g.neighbors(actor)]
        rows.append([net.label(actor), neighbours.count("tool"), neighbours.count("theme"), round(between[actor], 3)])
    rows.sort(key=lambda r: (-r[3], r[0]))
    return ["actor", "tools", "themes", "betweenness"], rows


def graphml(net: StudyNetwork) -> str:
    """The whole network as GraphML (for Gephi), parallel edges kept apart by their kind. XML 1.0 cannot
    hold most control characters (not even as &#27;): a label's are written as visible `\\x1b` escapes,
    or the file would not parse."""
    from kg.render import visible

    g = nx.MultiDiGraph()
    g.add_nodes_from((n, {**d, "label": visible(d["label"], keep="\t\n")}) for n, d in net.graph.nodes(data=True))
    g.add_edges_from((s, o, k, {"kind": k}) for s, o, k in net.graph.edges(data="kind"))
    return "\n".join(nx.generate_graphml(g)) + "\n"


RANKINGS = {"works": works_ranking, "themes": shared_evidence, "communities": communities, "actors": actor_bridges}
