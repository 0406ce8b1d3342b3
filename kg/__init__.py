"""kg: a literature and citation knowledge graph for qualitative research.

The Python API behind the `kg` command (imports stay lazy, so `import kg` is cheap):

    import kg
    graph = kg.open_graph()                      # the bundled study; or kg.open_graph("my-study")
    report = kg.coverage(graph, min_works=2)     # typed rows: report.themes[0].verdict
    table = kg.query(graph, "literature-per-theme", theme="russia-unavoidable-partner")
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from kg.graph.store import StudyGraph
    from kg.pipeline import Built
    from kg.queries import Table
    from kg.triangulation import CoverageReport


def build(project: str | Path | None = None) -> "Built":
    """Load, check, build and validate a project (None: the bundled study)."""
    from kg.pipeline import build as _build

    return _build(project)


def open_graph(project: str | Path | None = None) -> "StudyGraph":
    """A project's graph in the embedded store (from the cache when its inputs are unchanged)."""
    from kg.pipeline import open_graph as _open

    return _open(project)


def _graph(graph: Any) -> "StudyGraph":
    from kg.graph.store import StudyGraph

    return graph if isinstance(graph, StudyGraph) else open_graph(graph)


def coverage(graph: Any = None, *, min_respondents: int = 1, min_works: int = 1,
             aggregate: bool = False) -> "CoverageReport":
    """The triangulation report of a graph (a StudyGraph, a project folder, or None for the bundled study)."""
    from kg.triangulation import coverage as _coverage

    return _coverage(_graph(graph), min_respondents=min_respondents, min_works=min_works, aggregate=aggregate)


def query(graph: Any, name: str, **params: str) -> "Table":
    """Run a named query of the library with its parameters bound safely."""
    from kg.queries import run_named

    return run_named(_graph(graph), name, params)
