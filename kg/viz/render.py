"""A prepared `Graph` -> one self-contained HTML page (vis-network, styles, data and controls inlined).

Nothing in the page asks a network host for anything: vis-network's script and style come from
the copy pyvis ships, the page's own script and style from this package, the data from the graph.
Everything the study says is data: it travels as JSON inside a non-executed
`<script type="application/json">`, with `<`, `>`, `&`, U+2028 and U+2029 escaped so no text can
close the tag, and the page's script puts it into the DOM as text (textContent, vis-network's
text tooltips), never as markup. A Content-Security-Policy allows only the page's own inline
scripts (by hash) and no request at all, as a second line of defence.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources

from kg import __version__
from kg.errors import KgError
from kg.viz.layout import grouped_layout
from kg.viz.model import EDGE_KIND, EDGE_KINDS, KIND, NODE_KINDS, Graph

PHYSICS_LIMIT = 500  # above this many nodes the layout is computed in Python and physics is off
LABEL_LIMIT = 1500  # a graph without physics and with more edges is drawn lean (see page.js, `large`)
VIS = "lib/vis-9.1.2"  # inside the pyvis package

_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, `<!--` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _SCRIPT_ESCAPES:  # str.replace: ~50x faster than str.translate on megabytes
        text = text.replace(raw, escaped)
    return text


@lru_cache(maxsize=None)
def _asset(package: str, name: str) -> str:
    text = (resources.files(package) / name).read_text(encoding="utf-8")
    text = re.sub(r"\n?/[/*]# sourceMappingURL=\S*( \*/)?\s*$", "\n", text)
    lowered = text.lower()
    for bad in ("</script", "<!--", "</style"):
        if bad in lowered:  # would end or alter the inline element; never true for vis-network 9.1.2
            raise KgError(f"{package}/{name} contains '{bad}' and cannot be inlined")
    return text


def assets() -> dict[str, str]:
    """vis-network's script and style (from pyvis) and the page's own, as text."""
    try:
        return {"vis_js": _asset("pyvis", f"{VIS}/vis-network.min.js"),
                "vis_css": _asset("pyvis", f"{VIS}/vis-network.css"),
                "page_js": _asset("kg.viz", "page.js"), "page_css": _asset("kg.viz", "page.css")}
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - a broken install
        raise KgError(f"cannot read vis-network from pyvis ({exc}); reinstall kg with its dependencies") from None


def page_data(graph: Graph, physics: bool | None = None) -> dict:
    """What the page's script draws: nodes, edges, kinds, and how to lay them out."""
    physics = len(graph.nodes) <= PHYSICS_LIMIT if physics is None else physics
    positions = graph.positions or ({} if physics else grouped_layout(graph))
    edge_index = {k.name: i for i, k in enumerate(EDGE_KINDS)}
    nodes = []
    for n in graph.nodes:
        item: dict = {"id": n.id, "k": n.kind, "l": n.label, "d": [list(r) for r in n.details]}
        if n.links:
            item["u"] = [list(link) for link in n.links]
        if n.id in positions:
            item["x"], item["y"] = positions[n.id]
        nodes.append(item)
    edges = [[e.source, e.target, edge_index[e.kind]] + ([e.note] if e.note else []) for e in graph.edges]
    large = not physics and (len(graph.nodes) > PHYSICS_LIMIT or len(graph.edges) > LABEL_LIMIT)
    bounds = None
    if positions and len(positions) == len(graph.nodes):
        xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
        bounds = [min(xs), min(ys), max(xs), max(ys)]
    return {
        "title": graph.title, "view": graph.view, "generator": f"kg {__version__}",
        "physics": physics, "large": large, "bounds": bounds, "edgeLabels": not large,
        "kinds": [{"name": k.name, "label": k.label, "shape": k.shape, "color": k.color, "size": k.size,
                   "font": k.font, "dashed": k.dashed}
                  for k in NODE_KINDS],
        "edgeKinds": [{"name": k.name, "color": k.color, "dashes": list(k.dashes), "width": k.width, "doc": k.doc}
                      for k in EDGE_KINDS],
        "nodes": nodes, "edges": edges, "centres": list(graph.centres),
    }


def render_html(graph: Graph, *, physics: bool | None = None, csp: bool = True) -> str:
    """The page as text. `physics=None` chooses: on (then frozen once settled) up to
    PHYSICS_LIMIT nodes, else off with a Python layout. `csp=False` leaves out the
    Content-Security-Policy (only to test that the escaping alone keeps data inert)."""
    for e in graph.edges:
        if e.kind not in EDGE_KIND:
            raise KgError(f"unknown edge kind '{e.kind}'")
    for n in graph.nodes:
        if n.kind not in KIND:
            raise KgError(f"unknown node kind '{n.kind}'")
    a = assets()
    data = script_json(page_data(graph, physics))
    title = html.escape(graph.title or "kg graph")
    view = html.escape(graph.view)
    policy = ""
    if csp:
        hashes = " ".join(f"'sha256-{_sha256(s)}'" for s in (a["vis_js"], a["page_js"]))
        policy = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                  f"script-src {hashes}; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; "
                  "font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'\">\n")
    return "".join((
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n', policy,
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="kg {html.escape(__version__)}">\n',
        f"<title>{title}</title>\n",
        "<style>\n", a["vis_css"], "\n</style>\n<style>\n", a["page_css"], "\n</style>\n</head>\n<body>\n",
        SKELETON.format(title=title, view=view, nodes=len(graph.nodes), edges=len(graph.edges)),
        '<script id="kg-data" type="application/json">', data, "</script>\n",
        "<script>", a["vis_js"], "</script>\n<script>", a["page_js"], "</script>\n</body>\n</html>\n",
    ))


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# The page's static frame; the script fills the legend, filters, search results and details,
# setting text with textContent only. Only escaped values are formatted into it.
SKELETON = """\
<aside id="kg-side">
<header>
<h1 id="kg-title">{title}</h1>
<p id="kg-view">{view}</p>
<p id="kg-stats"><span id="kg-shown">{nodes}</span> of {nodes} nodes,
<span id="kg-shown-edges">{edges}</span> of {edges} edges</p>
</header>
<section aria-labelledby="kg-search-h">
<h2 id="kg-search-h">Search</h2>
<input id="kg-search" type="search" placeholder="Label or id, any case or accents" autocomplete="off"
 spellcheck="false">
<p id="kg-search-count" aria-live="polite"></p>
<ol id="kg-results"></ol>
</section>
<section aria-labelledby="kg-nodes-h">
<h2 id="kg-nodes-h">Nodes <button type="button" id="kg-all-kinds">all</button>
<button type="button" id="kg-no-kinds">none</button></h2>
<ul id="kg-kinds" class="kg-legend"></ul>
</section>
<section aria-labelledby="kg-edges-h">
<h2 id="kg-edges-h">Edges</h2>
<ul id="kg-edge-kinds" class="kg-legend"></ul>
</section>
<section aria-labelledby="kg-view-h">
<h2 id="kg-view-h">View</h2>
<label><input type="checkbox" id="kg-edge-labels"> edge labels</label>
<label><input type="checkbox" id="kg-physics"> physics (move nodes by force)</label>
<button type="button" id="kg-fit">fit to window</button>
</section>
<section id="kg-details" aria-labelledby="kg-details-h" aria-live="polite">
<h2 id="kg-details-h">Details</h2>
<p class="kg-hint">Click a node or an edge; hover for a tooltip.</p>
</section>
</aside>
<main id="kg-net" aria-label="graph"></main>
<noscript><p>This page draws the graph with JavaScript.</p></noscript>
"""
