"""What the view draws: node and edge kinds with their look, and the prepared `Graph`.

Nothing here knows RDF or HTML: kg.viz.query fills a Graph from the store, kg.viz.focus cuts
views out of it, kg.viz.render writes one. A node's id is `SEGMENT:ID` with the IRI path
segment of its kind (kg.graph.iris.SEGMENTS): `theme:russia-unavoidable-partner`,
`work:laruelle2016`, `rq:rq1`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.graph.iris import SEGMENTS


@dataclass(frozen=True)
class NodeKind:
    name: str  # the section of kg.model.SECTIONS ("themes", "works", ...)
    label: str  # shown in the legend
    shape: str  # a vis-network shape
    color: str
    size: int = 14
    font: int = 14  # label size: at the overview's zoom vis-network leaves out labels under 5 px, so
    # themes, respondents and works stay legible while the many claims and quotes show on zooming in
    dashed: bool = False  # a dashed border, to tell apart kinds that share a shape

    @property
    def prefix(self) -> str:
        """The node id prefix: the IRI path segment of this kind."""
        return SEGMENTS[self.name]


@dataclass(frozen=True)
class EdgeKind:
    name: str  # also the label drawn on the edge
    color: str
    dashes: tuple[int, ...] = ()  # () is a solid line
    width: float = 1.5
    doc: str = ""


# Each kind differs from every other by colour, and by shape as far as vis-network has shapes:
# seven shapes draw the label below (for kinds with long labels), four inside (for short labels;
# the page shortens them), and conclusions are dots like claims but larger, magenta and dashed.
NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind("themes", "theme", "hexagon", "#f28e2b", 24, font=22),
    NodeKind("excerpts", "quote (excerpt)", "triangleDown", "#59a14f", 13, font=11),
    NodeKind("findings", "finding", "triangle", "#edc948", 13, font=11),
    NodeKind("respondents", "respondent", "diamond", "#e15759", 18, font=18),
    NodeKind("claims", "claim", "dot", "#76b7b2", 9, font=11),
    NodeKind("works", "work", "square", "#4e79a7", 14, font=16),
    NodeKind("actors", "actor", "star", "#8e44ad", 20, font=18),
    NodeKind("tools", "tool", "ellipse", "#ff9da7"),
    NodeKind("institutions", "institution", "database", "#9c755f"),
    NodeKind("statistics", "statistic", "box", "#bab0ac", font=12),
    NodeKind("conclusions", "conclusion", "dot", "#d37295", 13, font=12, dashed=True),
    NodeKind("research_questions", "research question", "circle", "#3949ab", font=16),
)
KIND = {k.name: k for k in NODE_KINDS}
KIND_BY_PREFIX = {k.prefix: k for k in NODE_KINDS}

EDGE_KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("supports", "#2e7d32", (), 2.5, "a claim obtains support from a work (cito:obtainsSupportFrom)"),
    EdgeKind("contrasts", "#c62828", (8, 4), 2.5, "a claim disagrees with a work (cito:disagreesWith)"),
    EdgeKind("background", "#9e9e9e", (2, 4), 1.5, "a claim obtains background from a work"),
    EdgeKind("method", "#607d8b", (4, 4), 1.5, "a claim uses a work's method"),
    EdgeKind("data", "#00897b", (10, 3, 2, 3), 1.5, "a claim uses a work's data"),
    EdgeKind("cites", "#bdbdbd", (), 1.0, "a claim cites a work with no stance recorded"),
    EdgeKind("voiced by", "#8c564b", (), 1.5, "a quote or finding was said by a respondent"),
    EdgeKind("coded with", "#f28e2b", (), 2.0, "a quote is coded with a theme (oa:hasBody)"),
    EdgeKind("about theme", "#ffbe7d", (6, 3), 1.5, "a claim, finding, conclusion or statistic bears on a theme"),
    EdgeKind("about", "#c5b0d5", (3, 3), 1.0, "a record concerns an actor, tool or institution"),
    EdgeKind("uses tool", "#9467bd", (), 2.5, "an actor uses a tool (the tool use's evidence is in the tooltip)"),
    EdgeKind("evidence", "#17becf", (6, 3), 1.5, "a conclusion rests on a claim, quote, finding or statistic"),
    EdgeKind("member", "#393b79", (1, 3), 1.5, "a respondent group or a bloc has this member"),
    EdgeKind("broader", "#a05d00", (), 3.0, "a theme or tool is narrower than this one (skos:broader)"),
    EdgeKind("answers", "#5c6bc0", (6, 3), 1.5, "a theme or conclusion bears on a research question"),
    EdgeKind("source", "#4e79a7", (4, 2), 1.5, "a statistic's stated source"),
    EdgeKind("operated by", "#b07aa1", (4, 2), 1.5, "an institution is run or funded by an actor"),
    EdgeKind("serves", "#ff9da7", (4, 2), 1.5, "an institution serves a tool"),
)
EDGE_KIND = {k.name: k for k in EDGE_KINDS}


@dataclass(frozen=True)
class Node:
    id: str  # "theme:russia-unavoidable-partner"
    kind: str  # a NodeKind name
    label: str  # the full label; the page shortens it on the canvas
    iri: str = ""
    details: tuple[tuple[str, str], ...] = ()  # (field, value) rows for the tooltip and details panel
    links: tuple[tuple[str, str], ...] = ()  # (text, http(s) URL) rows: DOI, URL, Wikidata

    @property
    def ident(self) -> str:
        """The record's own id (citation key for works), as the annotations and the CLI name it."""
        return self.id.partition(":")[2]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # an EdgeKind name
    note: str = ""  # e.g. the pages cited, or a tool use's evidence


@dataclass
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    title: str = ""
    view: str = ""  # what part of the study this is ("overview", "focus on theme:x, depth 2")
    centres: list[str] = field(default_factory=list)  # the nodes a focus view is about (drawn larger)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)  # fixed positions, if any

    def node(self, node_id: str) -> Node | None:
        return self.index().get(node_id)

    def index(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def counts(self) -> dict[str, int]:
        """Nodes per kind, in legend order (kinds with no node are left out)."""
        found: dict[str, int] = {}
        for n in self.nodes:
            found[n.kind] = found.get(n.kind, 0) + 1
        return {k.name: found[k.name] for k in NODE_KINDS if k.name in found}

    def edge_counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for e in self.edges:
            found[e.kind] = found.get(e.kind, 0) + 1
        return {k.name: found[k.name] for k in EDGE_KINDS if k.name in found}
