"""Large graphs made of a real study's records, for the benchmark and the tests of the layout.

`synthetic(base, 10_000, 20_000)` copies the base graph's nodes (kinds, labels and details kept,
ids suffixed `~2`, `~3`, ...) until it has the nodes wanted, copies the real edges between the
copies, and adds seeded random edges of the kinds the base has between kinds the base connects,
until it has the edges wanted.
"""
from __future__ import annotations

import random
from dataclasses import replace

from kg.viz.model import Edge, Graph


def synthetic(base: Graph, nodes: int, edges: int, seed: int = 4) -> Graph:
    if not base.nodes:
        raise ValueError("the base graph has no nodes")
    rng = random.Random(seed)
    out_nodes, copy_of = [], []
    copy = 0
    while len(out_nodes) < nodes:
        copy += 1
        for n in base.nodes:
            if len(out_nodes) == nodes:
                break
            out_nodes.append(n if copy == 1 else replace(n, id=f"{n.id}~{copy}"))
            copy_of.append(copy)
    ids = {n.id for n in out_nodes}
    out_edges: list[Edge] = []
    for c in range(1, copy + 1):
        suffix = "" if c == 1 else f"~{c}"
        for e in base.edges:
            s, t = e.source + suffix, e.target + suffix
            if s in ids and t in ids:
                out_edges.append(Edge(s, t, e.kind, e.note))
            if len(out_edges) == edges:
                return Graph(out_nodes, out_edges, base.title, f"synthetic: {nodes} nodes, {edges} edges")
    by_kind: dict[str, list[str]] = {}
    for n in out_nodes:
        by_kind.setdefault(n.kind, []).append(n.id)
    kind = {n.id: n.kind for n in base.nodes}
    patterns = [(kind[e.source], kind[e.target], e.kind) for e in base.edges] or \
               [(base.nodes[0].kind, base.nodes[0].kind, "about")]
    seen = {(e.source, e.target, e.kind) for e in out_edges}
    while len(out_edges) < edges:
        sk, tk, ek = rng.choice(patterns)
        s, t = rng.choice(by_kind[sk]), rng.choice(by_kind[tk])
        if s != t and (s, t, ek) not in seen:
            seen.add((s, t, ek))
            out_edges.append(Edge(s, t, ek))
    return Graph(out_nodes, out_edges, base.title, f"synthetic: {nodes} nodes, {edges} edges")
