"""The study graph as one self-contained interactive HTML page (`kg viz`).

    from kg import viz
    graph = viz.load_graph()                      # every drawable record of the bundled study
    view = viz.overview(graph)                    # or viz.focus(graph, ["theme:..."], depth=2)
    viz.write_html(view, "build/study.html")      # or viz.render_html(view) -> str

The layers: kg.viz.query (store -> typed rows -> Graph), kg.viz.focus (views), kg.viz.layout
(positions for large graphs), kg.viz.render (Graph -> HTML); kg.viz.model holds the dataclasses
and the look of each node and edge kind.
"""
from __future__ import annotations

from pathlib import Path

from kg.viz.focus import DEFAULT_DEPTH, focus, overview, resolve
from kg.viz.model import EDGE_KINDS, NODE_KINDS, Edge, Graph, Node
from kg.viz.query import study_graph
from kg.viz.render import PHYSICS_LIMIT, render_html

__all__ = ["DEFAULT_DEPTH", "EDGE_KINDS", "NODE_KINDS", "PHYSICS_LIMIT", "Edge", "Graph", "Node", "focus",
           "load_graph", "overview", "render_html", "resolve", "select", "study_graph", "write_html"]


def load_graph(project: str | Path | None = None) -> Graph:
    """The whole drawable graph of a project (None: the bundled study), from kg's graph cache."""
    from kg import pipeline
    from kg.graph.store import load_store

    data, _meta = pipeline.cached_ntriples(project)
    return study_graph(load_store(data))


def select(graph: Graph, *, themes=(), actors=(), works=(), depth: int = DEFAULT_DEPTH,
           everything: bool = False) -> Graph:
    """The view the CLI draws: a neighbourhood of the named records, else everything with
    `everything`, else the overview. Unknown ids raise KgError naming the closest ones."""
    centres = ([resolve(graph, "themes", t) for t in themes] + [resolve(graph, "actors", a) for a in actors]
               + [resolve(graph, "works", w) for w in works])
    if centres:
        return focus(graph, centres, depth)
    if everything:
        return Graph(list(graph.nodes), list(graph.edges), graph.title, "everything")
    return overview(graph)


def write_html(graph: Graph, path: str | Path, **options) -> Path:
    """Render and write the page atomically; returns the path."""
    from kg.export import atomic_write

    path = Path(path)
    atomic_write(path, render_html(graph, **options).encode("utf-8"))
    return path
