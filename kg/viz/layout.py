"""A layout computed in Python for graphs too large for the browser's physics.

vis-network's force simulation needs about 50 s to settle 1,000 nodes in headless Chromium;
with positions given and physics off, 10,000 nodes show in about 3 s. networkx's spring layout
needs numpy and is itself slow at that size, so this is a cheap layout, O(n + m): each kind of
node gets a disc on a ring, and within a disc the nodes follow a sunflower spiral in the order a
breadth-first walk of the whole graph meets them, so that connected nodes of a kind sit close.
"""
from __future__ import annotations

import math
from collections import deque

from kg.viz.model import KIND, Graph

GOLDEN = math.pi * (3 - math.sqrt(5))
SPACING = 38.0  # canvas units between neighbouring nodes of a disc


def grouped_layout(graph: Graph, spacing: float = SPACING) -> dict[str, tuple[float, float]]:
    """node id -> (x, y) for every node of the graph."""
    rank = _walk_order(graph)
    groups: dict[str, list[str]] = {}
    for n in graph.nodes:
        groups.setdefault(n.kind, []).append(n.id)
    order = {name: i for i, name in enumerate(KIND)}
    kinds = sorted(groups, key=lambda k: order.get(k, len(order)))
    radii = {k: spacing * math.sqrt(len(groups[k])) * 0.6 + spacing for k in kinds}
    # the ring is long enough for every disc side by side, with a gap of one spacing
    circumference = sum(2 * r + spacing for r in radii.values())
    ring = circumference / (2 * math.pi) if len(kinds) > 1 else 0.0
    positions: dict[str, tuple[float, float]] = {}
    angle = 0.0
    for k in kinds:
        share = (2 * radii[k] + spacing) / circumference if circumference else 1.0
        centre = angle + share * math.pi
        cx, cy = ring * math.cos(centre), ring * math.sin(centre)
        angle += share * 2 * math.pi
        members = sorted(groups[k], key=rank.__getitem__)
        for i, node_id in enumerate(members):
            r = spacing * 0.6 * math.sqrt(i + 0.5)
            a = i * GOLDEN
            positions[node_id] = (round(cx + r * math.cos(a), 1), round(cy + r * math.sin(a), 1))
    return positions


def _walk_order(graph: Graph) -> dict[str, int]:
    """Breadth-first order over the whole graph, each component from its best-connected node."""
    around: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    for e in graph.edges:
        if e.source in around and e.target in around:
            around[e.source].append(e.target)
            around[e.target].append(e.source)
    rank: dict[str, int] = {}
    for start in sorted(around, key=lambda n: -len(around[n])):
        if start in rank:
            continue
        rank[start] = len(rank)
        queue = deque([start])
        while queue:
            for other in around[queue.popleft()]:
                if other not in rank:
                    rank[other] = len(rank)
                    queue.append(other)
    return rank
