"""Views cut out of the whole `Graph`: the theme-centred overview, and a neighbourhood."""
from __future__ import annotations

from collections import deque
from typing import Iterable

from kg.errors import KgError
from kg.read.study import closest
from kg.viz.model import KIND, Graph

# What the overview shows: themes, the evidence coded with or about them, who voiced it, and the
# works that evidence takes a side on. Everything else waits for a focus or --all.
OVERVIEW_EVIDENCE = {"excerpts", "findings", "claims"}
OVERVIEW_SIDES = {"supports", "contrasts"}
# A neighbourhood reaches through records but stops at the shared categories it meets (other
# than the focus itself): a theme's view shows the respondent of each quote, not every other
# quote of that respondent; a work's view shows the themes of its claims, not all their evidence.
CATEGORIES = {"themes", "respondents", "actors", "tools", "institutions", "research_questions"}
DEFAULT_DEPTH = 2


def overview(graph: Graph) -> Graph:
    """Themes, their quotes, findings and claims, the respondents, and the works the claims
    take a side on (supports or contrasts); theme hierarchy and group membership."""
    kinds = {n.id: n.kind for n in graph.nodes}
    keep = {n.id for n in graph.nodes if n.kind == "themes"}
    evidence = {e.source for e in graph.edges
                if e.kind in ("coded with", "about theme") and kinds[e.source] in OVERVIEW_EVIDENCE}
    keep |= evidence
    keep |= {e.target for e in graph.edges if e.source in evidence and e.kind == "voiced by"}
    keep |= {e.target for e in graph.edges if e.source in evidence and e.kind in OVERVIEW_SIDES}
    keep |= {e.target for e in graph.edges
             if e.source in keep and e.kind == "member" and kinds[e.source] == "respondents"}
    kinds_of_edges = {"coded with", "about theme", "voiced by", "broader", "member"} | OVERVIEW_SIDES
    return _subgraph(graph, keep, lambda e: e.kind in kinds_of_edges,
                     "overview: themes, their evidence and respondents, the works supporting or contrasting them")


def resolve(graph: Graph, kind: str, ident: str) -> str:
    """The node id of a record named on the command line; KgError (exit 2) with the closest ids."""
    prefix = KIND[kind].prefix
    node_id = f"{prefix}:{ident}"
    if graph.node(node_id) is not None:
        return node_id
    known = [n.ident for n in graph.nodes if n.kind == kind]
    what = {"works": "work (citation key)", "research_questions": "research question"}.get(kind, KIND[kind].label)
    raise KgError(f"no {what} '{ident}' in this study{closest(ident, known)}")


def focus(graph: Graph, centres: Iterable[str], depth: int = DEFAULT_DEPTH) -> Graph:
    """The nodes within `depth` steps of any centre (edges followed both ways), with the edges
    among them. A centre's narrower themes or tools count as centres too; other categories are
    reached but not expanded (CATEGORIES)."""
    centres = list(dict.fromkeys(centres))
    named = set(centres)
    if depth < 0:
        raise KgError(f"--depth must be 0 or more, not {depth}")
    index = graph.index()
    for c in centres:
        if c not in index:
            raise KgError(f"no node '{c}' in this graph{closest(c, index)}")
    around: dict[str, list[str]] = {n: [] for n in index}
    for e in graph.edges:
        around[e.source].append(e.target)
        around[e.target].append(e.source)
    # a theme's (or tool's) narrower ones belong to it: focusing on a parent shows its sub-themes' evidence
    narrower: dict[str, list[str]] = {}
    for e in graph.edges:
        if e.kind == "broader":
            narrower.setdefault(e.target, []).append(e.source)
    stack = list(centres)
    while stack:
        for child in narrower.get(stack.pop(), ()):
            if child not in centres:
                centres.append(child)
                stack.append(child)
    seen = {c: 0 for c in centres}
    queue = deque(centres)
    while queue:
        node = queue.popleft()
        d = seen[node]
        if d == depth or (d > 0 and index[node].kind in CATEGORIES):
            continue
        for other in around[node]:
            if other not in seen:
                seen[other] = d + 1
                queue.append(other)
    names = ", ".join(c for c in centres if c in named)
    view = _subgraph(graph, set(seen), lambda e: True, f"focus on {names}, depth {depth}")
    view.centres = [c for c in centres if c in named]
    return view


def _subgraph(graph: Graph, keep: set[str], edge_ok, view: str) -> Graph:
    nodes = [n for n in graph.nodes if n.id in keep]
    edges = [e for e in graph.edges if e.source in keep and e.target in keep and edge_ok(e)]
    return Graph(nodes, edges, title=graph.title, view=view)

