"""Benchmark `kg viz` on a large graph: page generation in Python, and time to drawn in Chromium.

    .venv/bin/python scripts/bench_viz.py [--nodes 10000] [--edges 20000] [--runs 5]
                                          [--screenshot docs/img/viz.png]

The large graph is the bundled study's records copied until there are NODES of them, with the
real edges between copies and seeded random edges of the study's kinds (kg.viz.synthetic).

Generation: kg.viz.render_html (layout, JSON, page), against pyvis 0.3.2 fed one add_node /
add_edge call per item (what the issue measured at 8.8 s) and pyvis fed prepared lists.
Browser: from navigation to the page's "drawn" flag (set on vis-network's first afterDrawing
once the layout is final) in headless Chromium, against a trivial page (the same inlined
vis-network with one node) and a pyvis page of 1,000 nodes with vis-network's default physics.
Every figure is the median of the runs made in this same process.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import viz  # noqa: E402
from kg.viz.layout import grouped_layout  # noqa: E402
from kg.viz.model import EDGE_KIND, KIND, Graph  # noqa: E402
from kg.viz.render import render_html  # noqa: E402
from kg.viz.synthetic import synthetic  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pyvis_calls(graph: Graph, directed: bool = False, physics: bool = False) -> str:
    """pyvis the usual way: one add_node / add_edge call per item; on an undirected Network (the
    default) every add_edge scans all edges so far for a duplicate."""
    from pyvis.network import Network

    net = Network(directed=directed, cdn_resources="in_line")
    positions = {} if physics else grouped_layout(graph)
    for n in graph.nodes:
        k = KIND[n.kind]
        extra = {"x": positions[n.id][0], "y": positions[n.id][1]} if positions else {}
        net.add_node(n.id, label=n.label[:48], title="\n".join(f"{a}: {b}" for a, b in n.details),
                     color=k.color, shape=k.shape, **extra)
    for e in graph.edges:
        net.add_edge(e.source, e.target, title=e.note or e.kind, color=EDGE_KIND[e.kind].color)
    if positions:
        net.toggle_physics(False)
    return net.generate_html()


def pyvis_lists(graph: Graph) -> str:
    """pyvis fed prepared lists (net.nodes / net.edges set directly)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    positions = grouped_layout(graph)
    net.nodes = [{"id": n.id, "label": n.label[:48], "shape": KIND[n.kind].shape, "color": KIND[n.kind].color,
                  "title": "\n".join(f"{a}: {b}" for a, b in n.details),
                  **({"x": positions[n.id][0], "y": positions[n.id][1]} if positions else {})} for n in graph.nodes]
    net.edges = [{"from": e.source, "to": e.target, "title": e.note or e.kind, "color": EDGE_KIND[e.kind].color,
                  "arrows": "to"} for e in graph.edges]
    if positions:
        net.toggle_physics(False)
    return net.generate_html()


def browser_times(pages: dict[str, tuple[Path, str]], runs: int, screenshot: Path | None, shot_of: str | None):
    """name -> median seconds from navigation to drawn; the ready test is a JS predicate."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (path, ready) in pages.items():
            times = []
            for i in range(1 if "(1 run)" in name else runs):
                context = browser.new_context(viewport={"width": 1600, "height": 1000})
                # nothing may leave the machine; pyvis pages link Bootstrap from a CDN: refuse it at once
                context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page = context.new_page()
                start = time.perf_counter()
                page.goto(path.resolve().as_uri(), wait_until="commit")
                page.wait_for_function(ready, timeout=600_000, polling=20)
                times.append(time.perf_counter() - start)
                if screenshot and name == shot_of and i == 0:
                    # one theme selected, its details in the side panel
                    page.evaluate("""() => {
                        const id = kgViz.data.nodes.find(n => n.id === 'theme:turkey-attraction-increasing')
                                   ? 'theme:turkey-attraction-increasing' : kgViz.data.nodes[0].id;
                        kgViz.network.selectNodes([id]); kgViz.showNode(id); }""")
                    page.wait_for_timeout(300)
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(screenshot))
                context.close()
            out[name] = statistics.median(times)
            print(f"  {name}: {', '.join(f'{t:.2f}' for t in times)} s", file=sys.stderr)
        browser.close()
    return out


KG_READY = "() => window.kgViz && window.kgViz.ready === true"
PHYSICS_PAGE = "pyvis page, 1,000 nodes, default physics (1 run)"
# pyvis's page keeps its network in a global; vis-network sets physics.ready once its stabilisation
# iterations (1,000 by pyvis's default) are done and it draws; the nodes still move on after that
PYVIS_DRAWN = "() => typeof network !== 'undefined' && network.physics && network.physics.ready === true"


def table(title: str, header: tuple[str, str, str], rows: list[tuple[str, float, str]]) -> str:
    width = max(len(header[0]), *(len(r[0]) for r in rows))
    lines = [title, f"{header[0]:<{width}}  {header[1]:>8}  {header[2]}", f"{'-' * width}  {'-' * 8}  {'-' * 14}"]
    lines += [f"{name:<{width}}  {seconds:>8.2f}  {ratio}" for name, seconds, ratio in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=10_000)
    ap.add_argument("--edges", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=5, help="runs per Python figure (browser: half, at least 3)")
    ap.add_argument("--pyvis-runs", type=int, default=3, help="runs of the slow pyvis add_edge baseline")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-physics-baseline", action="store_true", help="skip the ~1 min pyvis physics page")
    ap.add_argument("--screenshot", type=Path, help="save the bundled study's overview page as a PNG here")
    args = ap.parse_args()

    study = viz.load_graph()
    big = synthetic(study, args.nodes, args.edges)
    thousand = synthetic(study, 1_000, 2_000)
    overview = viz.overview(study)
    render_html(big)  # read the assets once
    n, m = f"{args.nodes:,}", f"{args.edges:,}"

    ours = median_time(lambda: render_html(big), args.runs)
    lists = median_time(lambda: pyvis_lists(big), args.runs)
    calls = median_time(lambda: pyvis_calls(big), args.pyvis_runs)
    directed = median_time(lambda: pyvis_calls(big, directed=True), args.pyvis_runs)
    print(table(f"Generating the page of {n} nodes and {m} edges (median of {args.runs}; pyvis calls: "
                f"{args.pyvis_runs})", ("method", "seconds", "vs baseline"), [
        ("pyvis Network() add_node/add_edge + generate_html (baseline)", calls, "1.0x"),
        ("pyvis Network(directed=True) add_node/add_edge", directed, f"{calls / directed:.0f}x faster"),
        ("pyvis prepared lists + generate_html", lists, f"{calls / lists:.0f}x faster"),
        ("kg.viz.render_html (layout + escaped JSON + page)", ours, f"{calls / ours:.0f}x faster"),
    ]))
    if args.no_browser:
        return

    runs = max(3, args.runs // 2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages: dict[str, tuple[Path, str]] = {}

        def save(name: str, html: str, ready: str) -> None:
            path = folder / f"{len(pages)}.html"
            path.write_text(html, encoding="utf-8")
            pages[name] = (path, ready)

        trivial = Graph(study.nodes[:1], [], study.title, "one node")
        save("trivial page: inlined vis-network, 1 node (baseline)", render_html(trivial, physics=False), KG_READY)
        if not args.no_physics_baseline:
            save(PHYSICS_PAGE, pyvis_calls(thousand, physics=True), PYVIS_DRAWN)
        save("kg page, 1,000 nodes (Python layout, no physics)", render_html(thousand), KG_READY)
        save(f"kg page, {n} nodes, {m} edges", render_html(big), KG_READY)
        shot = f"kg page, bundled study overview ({len(overview.nodes)} nodes)"
        save(shot, render_html(overview), KG_READY)
        print(f"browser runs ({runs} each):", file=sys.stderr)
        times = browser_times(pages, runs, args.screenshot, shot)
    base = times["trivial page: inlined vis-network, 1 node (baseline)"]
    sys.stderr.flush()
    print()
    print(table(f"Headless Chromium, navigation to drawn (median of {runs})", ("page", "seconds", "vs baseline"),
                [(name, t, "1.0x" if t == base else f"{t / base:.1f}x") for name, t in times.items()]))
    physics = times.get(PHYSICS_PAGE)
    if physics:
        ours_1k = times["kg page, 1,000 nodes (Python layout, no physics)"]
        print(f"\n1,000 nodes: pyvis's page with its default physics is drawn after {physics:.1f} s (and its nodes "
              f"keep moving), kg's page with a Python layout after {ours_1k:.1f} s ({physics / ours_1k:.0f}x sooner)")
    if args.screenshot:
        print(f"\nscreenshot of the overview: {args.screenshot}")


if __name__ == "__main__":
    main()
