"""The `kg viz` page in headless Chromium: it asks no network host for anything, raises no
JavaScript error, draws the nodes the Python side prepared, filters by kind, finds Turkish,
Kazakh and Russian labels, and shows hostile text as text without running it.

Needs PyPI `playwright` and a Chromium (Debian's `chromium` at /usr/bin/chromium, or the path in
$KG_CHROMIUM; `playwright install` is not used). Without them the tests skip, except under
CI=true, where they fail.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kg import pipeline, viz

DATA = Path(__file__).parent / "data"
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=1">'


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the browser tests (apt-get install chromium; pip install playwright)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not Path(CHROMIUM).is_file():
        _missing(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A page opened from a file, with every request and error it caused."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 860})
        self.context.route("**/*", self._route)
        page = self.page = self.context.new_page()
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.goto(self.url)
        deadline = time.monotonic() + 30
        while not page.evaluate("() => !!(window.kgViz && window.kgViz.ready)"):
            assert not self.errors, f"the page failed: {self.errors}"
            assert time.monotonic() < deadline, "the graph was not drawn within 30 s"
            page.wait_for_timeout(50)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def drawn(self) -> list:
        return self.js("() => [kgViz.network.body.nodeIndices.slice(), kgViz.network.body.edgeIndices.map("
                       "id => [kgViz.network.body.edges[id].fromId, kgViz.network.body.edges[id].toId])]")

    def assert_clean(self):
        assert self.requests == [self.url], self.requests  # the file itself, nothing else
        assert not self.blocked and not self.errors, (self.blocked, self.errors)

    def node_screen_position(self, node_id: str) -> tuple[float, float]:
        return tuple(self.js("""id => {
            kgViz.network.focus(id, {scale: 1.6, animation: false});
            kgViz.network.redraw();
            const d = kgViz.network.canvasToDOM(kgViz.network.getPosition(id));
            const r = document.getElementById('kg-net').getBoundingClientRect();
            return [d.x + r.left, d.y + r.top];
        }""", node_id))

    def search(self, text: str) -> list[str]:
        self.page.fill("#kg-search", text)
        self.page.press("#kg-search", "Enter")
        return self.page.locator("#kg-results li").all_inner_texts()

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def bundled_view(bundled_store):
    return viz.overview(viz.study_graph(bundled_store))


@pytest.fixture(scope="module")
def bundled_page(browser, bundled_view, tmp_path_factory):
    path = viz.write_html(bundled_view, tmp_path_factory.mktemp("viz") / "bundled.html")
    opened = Opened(browser, path)
    yield opened
    opened.close()


def test_bundled_view_draws_what_python_prepared(bundled_page, bundled_view):
    nodes, edges = bundled_page.drawn()
    assert sorted(nodes) == sorted(n.id for n in bundled_view.nodes)
    assert len(edges) == len(bundled_view.edges)
    assert bundled_page.js("() => [kgViz.network.body.data.nodes.length, kgViz.expected.nodes]") == \
        [len(bundled_view.nodes)] * 2
    assert bundled_page.page.inner_text("#kg-shown") == str(len(bundled_view.nodes))
    assert bundled_page.js("() => document.characterSet") == "UTF-8"
    bundled_page.assert_clean()


def test_kind_filter_hides_the_kind_and_its_edges(bundled_page, bundled_view):
    quotes = {n.id for n in bundled_view.nodes if n.kind == "excerpts"}
    assert quotes
    bundled_page.page.click("#kg-kind-excerpts")
    nodes, edges = bundled_page.drawn()
    assert len(nodes) == len(bundled_view.nodes) - len(quotes) and not quotes & set(nodes)
    assert not [e for e in edges if quotes & set(e)]
    assert bundled_page.page.inner_text("#kg-shown") == str(len(nodes))
    bundled_page.page.click("#kg-edge-voiced-by")  # edge kinds filter too
    _, fewer = bundled_page.drawn()
    assert len(fewer) == len(edges) - sum(1 for e in bundled_view.edges
                                           if e.kind == "voiced by" and not quotes & {e.source, e.target})
    bundled_page.page.click("#kg-edge-voiced-by")
    bundled_page.page.click("#kg-kind-excerpts")
    assert len(bundled_page.drawn()[0]) == len(bundled_view.nodes)
    bundled_page.assert_clean()


def test_search_finds_turkish_labels(bundled_page, bundled_view):
    work = {n.label: n.id for n in bundled_view.nodes if n.kind == "works"}
    for query, label in [("örki", "Agirseven and Örki (2017)"), ("ÖRKI", "Agirseven and Örki (2017)"),
                         ("altunişik", "Altunişik (2008)"), ("ALTUNIŞIK", "Altunişik (2008)"),
                         ("Altunisik", "Altunişik (2008)")]:
        results = bundled_page.search(query)
        assert label in results, (query, results)
        assert work[label] in bundled_page.js("() => kgViz.network.getSelectedNodes()")
    assert bundled_page.page.inner_text("#kg-details h3") == "Altunişik (2008)"
    assert bundled_page.search("no such label at all") == []
    assert bundled_page.page.inner_text("#kg-search-count") == "0 matches"
    bundled_page.assert_clean()


@pytest.fixture(scope="module")
def hostile_graph():
    return viz.study_graph(pipeline.build(DATA / "hostile", validate=False).store())


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_hostile_text_shows_as_text_and_never_runs(browser, hostile_graph, tmp_path, csp):
    view = viz.select(hostile_graph, everything=True)
    opened = Opened(browser, viz.write_html(view, tmp_path / "hostile.html", csp=csp))
    try:
        page = opened.page
        assert page.title() == hostile_graph.title and page.inner_text("#kg-title") == hostile_graph.title
        quote = view.node("excerpt:q1")
        assert PWN_SCRIPT in quote.label and PWN_IMG in quote.label and "</script><!--" in quote.label
        assert opened.js("id => kgViz.nodes.get(id).title", quote.id).startswith("quote (excerpt): " + quote.label)

        # a real click shows the details panel, as text
        x, y = opened.node_screen_position(quote.id)
        page.mouse.click(x, y)
        assert page.inner_text("#kg-details h3") == quote.label
        assert dict(quote.details)["quote"] in page.inner_text("#kg-details dl")
        # hovering shows vis-network's tooltip, as text
        page.mouse.move(x + 1, y + 1)
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert quote.label in page.inner_text("div.vis-tooltip")

        work = view.node("work:pwned2020")
        x, y = opened.node_screen_position(work.id)
        page.mouse.click(x, y)
        details = page.inner_text("#kg-details")
        assert dict(work.details)["title"] in details and dict(work.details)["note"] in details
        assert opened.js("() => [...document.querySelectorAll('#kg-details a')].map(a => a.href)") == \
            ["https://example.org/book?a=1&b=%3Cx%3E"]
        for node_id in ("respondent:r1", "statistic:s1", "finding:f1", "rq:rq1", "theme:escaping"):
            opened.js("id => kgViz.showNode(id)", node_id)
            assert page.inner_text("#kg-details h3") == view.node(node_id).label

        # nothing the data holds became an element, and nothing ran
        assert opened.js("""() => [document.querySelectorAll('body script').length,
            document.querySelectorAll('img, svg image, iframe, a[href^="javascript"]').length,
            document.querySelectorAll('#kg-side svg').length > 0]""") == [3, 0, True]
        assert opened.js("() => typeof window.__pwned") == "undefined"
        opened.assert_clean()
    finally:
        opened.close()


def test_search_finds_kazakh_russian_and_dotted_i(browser, hostile_graph, tmp_path):
    opened = Opened(browser, viz.write_html(viz.select(hostile_graph, everything=True), tmp_path / "h.html"))
    try:
        kazakh, turkish = "Қазақ тілі және Ықпал", "İstanbul ıslık Şükür Ödül"
        for query, expected in [("қазақ", {kazakh, "Қазақстан"}), ("ҚАЗАҚ ТІЛІ", {kazakh}), ("ықпал", {kazakh}),
                                ("istanbul", {turkish}), ("İSTANBUL", {turkish}), ("ISLIK", {turkish}),
                                ("şükür", {turkish}), ("ödül", {turkish}), ("ёлкин", {"Респондент Ёлкин"}),
                                ("респондент", {"Респондент Ёлкин"})]:
            assert expected <= set(opened.search(query)), query
        assert kazakh not in opened.search("казак")  # Қ is a letter of its own, not an accented К
        opened.search("ЫҚПАЛ")  # Enter goes to the first match
        assert opened.page.inner_text("#kg-details h3") == kazakh
        opened.assert_clean()
    finally:
        opened.close()


def test_an_empty_view_is_drawn_too(browser, tmp_path):
    opened = Opened(browser, viz.write_html(viz.Graph([], [], "Nothing yet", "no records"), tmp_path / "empty.html"))
    try:
        assert opened.drawn() == [[], []] and opened.page.inner_text("#kg-shown") == "0"
        opened.assert_clean()
    finally:
        opened.close()
