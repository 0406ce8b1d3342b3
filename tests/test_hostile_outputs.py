"""Hostile study text (tests/data/hostile) stays inert in every output of every command that renders
it: markup and scripts, SPARQL fragments, terminal control sequences, spreadsheet formulas and Markdown
in titles, labels, quotes, claims and notes.

Per format: the terminal table, Markdown, CSV and TSV hold no control character that a terminal runs
(each shows it as a visible `\\x9b`); CSV/TSV cells that would start a formula carry an apostrophe while
numbers stay numbers; Markdown, rendered by markdown-it, gives exactly the text, in the right cells, and
no link, image, code or HTML; JSON, Turtle and N-Triples escape every control character and parse back
to the exact text; the HTML pages hold no script, event handler or javascript: link from the study and
show its text; GraphML parses. kg's readers refuse ESC and BEL, so the project holds the one-character
C1 forms (CSI, OSC, ST); every check runs again on the same graph with the 7-bit forms (ESC [, ESC ],
BEL) loaded into an on-disk store, as a graph from elsewhere may hold them.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from kg import pipeline
from kg.cli import cli
from kg.graph.store import open_disk_store, replace_graph
from kg.queries import library
from kg.viz.render import assets

HOSTILE = Path(__file__).parent / "data" / "hostile"
SEVEN_BIT = {"\x9b": "\x1b[", "\x9d": "\x1b]", "\x9c": "\x07"}  # CSI, OSC, ST as a 7-bit terminal reads them
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL, C1: what a terminal may run
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula
EVIL_TITLE = '> . <http://x> <y> "z \x9b31mred\x9b0m \x9d0;title\x9c | col | [link](javascript:alert(1))'
# Markers: hostile text each output must show (as the graph holds it; each format checks its own form)
F, SP, TTL = '=HYPERLINK("http://evil","x")', '"} ; DROP ALL ; SELECT * { ?s ?p ?o', '> . <http://x> <y> "z'
RED, ACTOR, MD = "\x9b31mred\x9b0m", "@SUM(A1) \x9b2J actor", "| col | [link](javascript:alert(1)) ![img]"
MD_LABEL = MD + "(http://evil/x.png) `tick`"
ORG = "-2+3 \x9b31mOrg\x9b0m"
CASES = {  # name: (arguments, markers)
    "coverage": (("coverage",), (F, SP, RED, MD, "+1+1", "-2+3 " + RED, "@SUM(A1) | col |", "<script>")),
    "coverage-by-actor": (("coverage", "--by", "actor"), (ACTOR,)),
    "coverage-by-question": (("coverage", "--by", "question"), (MD,)),
    "query-claims-citing-work": (("query", "claims-citing-work", "-p", "work=evil2021"),
                                 ("@SUM(A1) and " + RED, TTL, "=1+1")),
    "query-co-cited-works": (("query", "co-cited-works"), (F, ORG)),
    "query-literature-per-theme": (("query", "literature-per-theme"), (F, RED, "<img src=x")),
    "query-respondents-per-theme": (("query", "respondents-per-theme"),
                                    ("\t=1+1", "\r=2+2 CR", "-2+3 \x9d8;;http://evil\x9clink", "+1+1", MD, "<script>")),
    "query-second-hand-works": (("query", "second-hand-works"), (F, ORG)),
    "query-statistics-with-sources": (("query", "statistics-with-sources"), (F, "javascript:alert(1)", "\x9b31m@SUM")),
    "query-themes-without-literature": (("query", "themes-without-literature"), (SP, MD)),
    "query-tools-per-actor": (("query", "tools-per-actor"), (ACTOR, "-2+3 tool \x9b2J\x7f", "+1+1")),
    "query-works-contradicting-theme": (("query", "works-contradicting-theme"), (SP, TTL)),
    "sparql": (("sparql", "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } ORDER BY ?s ?p ?o"),
               (F, SP, TTL, RED, ACTOR, MD, EVIL_TITLE, "\t=1+1", "\r=2+2", "javascript:alert(1)", "`tick`")),
    "network-works": (("network", "--view", "works"), (F, RED)),
    "network-themes": (("network", "--view", "themes"), (SP, MD)),
    "network-communities": (("network", "--view", "communities"), (F, ORG)),
    "network-actors": (("network", "--view", "actors"), (ACTOR,)),
}
COVERAGE_VIEWS = {"coverage", "coverage-by-actor", "coverage-by-question"}  # not one row per JSON row


def test_every_named_query_is_checked():
    assert {f"query-{name}" for name in library()} <= set(CASES)


def seven_bit(text: str) -> str:
    for c1, esc in SEVEN_BIT.items():
        text = text.replace(c1, esc)
    return text


@pytest.fixture(scope="module", params=["project", "store"])
def source(request, tmp_path_factory):
    """(the CLI arguments naming the graph, what the graph holds for a text of the project)."""
    with pytest.MonkeyPatch.context() as mp:  # the autouse cache fixture is function-scoped
        mp.setenv("KG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kg-cache"))
        data, meta = pipeline.cached_ntriples(HOSTILE)  # built and validated once, then cached
    if request.param == "project":
        return [str(HOSTILE)], lambda text: text
    folder = tmp_path_factory.mktemp("hostile-store")
    store = open_disk_store(folder)
    replace_graph(store, meta["iri"], seven_bit(data.decode("utf-8")).encode("utf-8"))
    del store
    return ["--store", str(folder)], seven_bit


@pytest.fixture(scope="module")
def run(source):
    """`kg ARGS` on the hostile graph -> stdout, each command run once."""
    where, _ = source
    memo: dict[tuple, str] = {}

    def run(*args: str) -> str:
        if args not in memo:
            # color=True: the bytes a terminal gets (click strips ANSI sequences off a terminal otherwise)
            result = CliRunner().invoke(cli, [*args, *where], color=True)
            assert result.exit_code == 0, result.output
            memo[args] = result.stdout
        return memo[args]
    return run


@pytest.fixture(scope="module")
def held(source):
    return source[1]


# -- what each format should show of a text -------------------------------------------------------

def visible(text: str, keep: str = "") -> str:
    """A control character as kg shows it: `\\x9b`."""
    return CONTROL.sub(lambda m: m[0] if m[0] in keep else f"\\x{ord(m[0]):02x}", text)


def one_line(text: str) -> str:
    return visible(text.replace("\n", " ").replace("\t", " "))


def text_of(value) -> str:
    return "" if value is None else ("true" if value else "false") if isinstance(value, bool) else str(value)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def assert_shown(markers, cells, form) -> None:
    for marker in markers:
        assert any(form(marker) in c for c in cells), f"{form(marker)!r} is in no cell"


def json_rows(run, args) -> list[list]:
    data = json.loads(run(*args, "-f", "json"))
    return [list(row.values()) for row in data]


# -- JSON: exact --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in CASES if n not in COVERAGE_VIEWS - {"coverage"}])
def test_json_is_exact_and_escapes_every_control(run, held, name):
    args, markers = CASES[name]
    out = run(*args, "-f", "json")
    assert not CONTROL.search(out.replace("\n", "")), "a raw control character"  # C1 too, as \u009b
    assert_shown([held(m) for m in markers], list(strings(json.loads(out))), lambda m: m)


def test_json_keeps_the_source_text(run, held):
    """Every text of the YAML and the hostile BibTeX fields come back exactly (as the graph holds them)."""
    doc = yaml.safe_load((HOSTILE / "study" / "study.yaml").read_text(encoding="utf-8"))
    texts = {r[k] for section in doc.values() if isinstance(section, list) for r in section
             for k in ("label", "text", "verdict_note", "unit", "counts", "definition") if k in r}
    texts |= {doc["study"]["title"], EVIL_TITLE, "javascript:alert(1)", F + " et al. (2021)", ORG + " (2018)"}
    data = json.loads(run(*CASES["sparql"][0], "-f", "json"))
    values = {row["o"] for row in data}
    assert len(texts) > 30 and {held(t) for t in texts} <= values, {held(t) for t in texts} - values


# -- terminal table ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(CASES))
def test_terminal_table_shows_controls_visibly(run, held, name):
    args, markers = CASES[name]
    out = run(*args)
    assert not CONTROL.search(out.replace("\n", "")), "a raw control character reaches the terminal"
    assert_shown([held(m) for m in markers], [out], lambda m: one_line(m)[:60])  # a cell is cut at 80
    if name not in COVERAGE_VIEWS:  # each cell as shown: one line, visible controls, cut at 80
        for row in json_rows(run, args):
            for value in row:
                cell = one_line(text_of(value))
                assert (cell if len(cell) <= 80 else cell[:79] + "…").strip() in out


# -- CSV and TSV: no formula, no control ----------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("name", list(CASES))
def test_csv_cells_never_start_a_formula(run, held, name, fmt):
    args, markers = CASES[name]
    out = run(*args, "-f", fmt)
    assert not CONTROL.search(re.sub("[\t\n]", "", out)), "a raw control character"  # a lone CR too: it ends a row
    rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    cells = [c for row in rows[1:] for c in row]
    assert_shown([held(m) for m in markers], cells, lambda m: visible(m, keep="\t\n"))
    if name in COVERAGE_VIEWS:  # numbers are counts; any other cell a spreadsheet would run is prefixed
        assert not [c for c in cells if c.startswith(FORMULA) and not re.fullmatch(r"\d+", c)]
        if name == "coverage":
            labels = [t["label"] for t in json.loads(run("coverage", "-f", "json"))["themes"]]
            assert [r[1] for r in rows[1:]] == [_csv(label) for label in labels]
        return
    expected = json_rows(run, args)
    assert len(rows) == len(expected) + 1
    for row, values in zip(rows[1:], expected):
        for cell, value in zip(row, values, strict=True):
            # a true number stays as it is (-2); any text that would start a formula gets an apostrophe
            assert not cell.startswith(FORMULA) or is_number(value), cell
            assert cell == _csv(value)


def _csv(value) -> str:
    if is_number(value):
        return text_of(value)
    text = visible(text_of(value), keep="\t\n")
    return "'" + text if text.startswith(FORMULA) else text


# -- Markdown: escaped syntax, whole cells ------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # raw HTML on, as on most renderers


def md_cells(line: str) -> list[str]:
    """A table row split on the pipes no backslash escapes."""
    cells, cell, i = [], "", 0
    while i < len(line):
        if line[i] == "\\":
            cell, i = cell + line[i:i + 2], i + 2
            continue
        if line[i] == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += line[i]
        i += 1
    return cells[1:]  # a row starts and ends with a pipe


@pytest.mark.parametrize("name", list(CASES))
def test_markdown_has_no_live_syntax(run, held, name):
    args, markers = CASES[name]
    out = run(*args, "-f", "markdown")
    assert not CONTROL.search(out.replace("\n", "")), "a raw control character"
    lines = [line for line in out.split("\n") if line.startswith("|")]  # not splitlines: U+2028 ends no line
    header = md_cells(lines[0])
    for line in lines[2:]:
        cells = md_cells(line)
        assert len(cells) == len(header), line
        for cell in cells:  # nothing left that opens a link, image, tag, code span or emphasis
            assert not re.search(r"[\[\]<>`*_~&]", re.sub(r"\\.", "", cell)), cell
    page = Page(MARKDOWN.render(out))
    assert {tag for tag, _ in page.tags} <= {"table", "thead", "tbody", "tr", "th", "td", "p"}
    rendered = [[text for _, _, text in row] for row in page.rows]
    assert all(len(row) == len(header) for row in rendered)
    assert_shown([held(m) for m in markers], [c for row in rendered[1:] for c in row], lambda m: one_line(m).strip())
    if name not in COVERAGE_VIEWS:
        assert rendered[1:] == [[one_line(text_of(v)).strip() for v in row] for row in json_rows(run, args)]


# -- HTML: coverage matrix and kg viz -------------------------------------------------------------

class Page(HTMLParser):
    """An HTML text's elements with their attributes, script bodies, and table rows of (tag, attrs, text)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[list] = []
        self.rows: list[list] = []
        self.title = ""
        self._open = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._open = tag
        if tag == "script":
            self.scripts.append([attrs, ""])
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.rows[-1].append((tag, attrs, ""))

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open == "script":
            self.scripts[-1][1] += data
        elif self._open in ("th", "td"):
            tag, attrs, text = self.rows[-1][-1]
            self.rows[-1][-1] = (tag, attrs, text + data)
        elif self._open == "title":
            self.title += data


def assert_inert(page: Page) -> None:
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (tag, name, value)
            assert not re.sub(r"\s", "", value or "").lower().startswith("javascript:"), (tag, name, value)
        assert tag not in ("img", "svg", "iframe", "object", "embed", "a", "form", "base", "link"), tag


def test_coverage_html_escapes_every_text(run, held, tmp_path):
    target = tmp_path / "coverage.html"
    run("coverage", "-f", "html", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert not CONTROL.search(re.sub("[\t\n]", "", text)), "a raw control character"
    page = Page(text)
    assert_inert(page)
    assert not page.scripts and "<script>" not in text  # the page has no script; the study's stays text
    report = json.loads(run("coverage", "-f", "json"))
    body = [row for row in page.rows if row and row[0][1].get("class") == "theme"]
    assert [row[0][2] for row in body] == [visible(t["label"], keep="\n\t") for t in report["themes"]]
    header = [text for _, _, text in page.rows[0]]
    respondents = sorted({r for t in report["themes"] for r in t["respondents"]})
    assert {visible(r, keep="\n\t") for r in respondents} <= set(header) and visible(held("-2+3 " + RED)) in header
    tips = [attrs["title"] for row in body for _, attrs, _ in row if "title" in attrs]
    for quote in ("\t=1+1 tab first", "\r=2+2 CR first | col | [link](javascript:alert(1))",
                  "-2+3 \x9d8;;http://evil\x9clink", "I said <script>window.__pwned=1</script>"):
        shown = "“" + visible(held(quote), keep="\n\t")  # the hover quotes each quote
        assert any(shown in tip for tip in tips), quote
    note = next(t["recorded_note"] for t in report["themes"] if t["id"] == "sparql")
    assert note == held("> . <http://x> <y> \"z and \x9d8;;http://evil\x9clink\x9d8;;\x9c and =1+1")
    assert any(tip.endswith("recorded: " + visible(note, keep="\n\t")) for tip in tips)
    assert page.title == "Triangulation coverage: " + held("Hostile <b>bold</b> & </title>"
                                                            "<script>window.__pwned=1</script> study")


@pytest.mark.parametrize("view", [[], ["--all"]], ids=["overview", "all"])
def test_viz_page_keeps_the_text_as_data(run, held, tmp_path, view):
    target = tmp_path / "viz.html"
    run("viz", *view, "-o", str(target))
    page = Page(target.read_text(encoding="utf-8"))
    assert_inert(page)
    # kg's three scripts and no other: the data (not run) and vis-network's and the page's code
    assert [s[0] for s in page.scripts] == [{"id": "kg-data", "type": "application/json"}, {}, {}]
    assert [s[1] for s in page.scripts[1:]] == [assets()["vis_js"], assets()["page_js"]]
    assert page.title == held("Hostile <b>bold</b> & </title><script>window.__pwned=1</script> study")
    nodes = {n["id"]: n for n in json.loads(page.scripts[0][1])["nodes"]}
    assert nodes["theme:terminal"]["l"] == held(RED + " \x9d0;title\x9c \x9b2J theme")
    assert nodes["theme:formula"]["l"] == F and nodes["theme:sparql"]["l"] == SP
    assert nodes["respondent:r5"]["l"] == "@SUM(A1) | col |"
    if view:
        work = nodes["work:evil2021"]
        assert dict(work["d"])["title"] == held(EVIL_TITLE) and dict(work["d"])["URL"] == "javascript:alert(1)"
        assert "u" not in work  # the javascript: URL is shown, never a link
        assert nodes["excerpt:q4"]["l"].startswith("“\r=2+2 CR first | col | [link](javascript:alert(1))")


# -- GraphML and RDF ---------------------------------------------------------------------------------

def test_graphml_parses_and_keeps_the_labels(run, held, tmp_path):
    target = tmp_path / "net.graphml"
    run("network", "--graphml", str(target))
    root = ET.parse(target).getroot()  # XML 1.0 cannot hold ESC: a raw one would not parse
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    key = next(k.get("id") for k in root.iterfind("g:key", ns) if k.get("attr.name") == "label")
    labels = {d.text for d in root.iterfind(f".//g:node/g:data[@key='{key}']", ns)}
    for label in (F, SP, RED + " \x9d0;title\x9c \x9b2J theme", MD_LABEL, ACTOR, "-2+3 tool \x9b2J\x7f",
                  "-2+3 " + RED, F + " et al. (2021)", ORG + " (2018)",
                  "Respondent </script><script>window.__pwned=1</script>"):
        assert visible(held(label), keep="\t\n") in labels, label


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_construct_escapes_controls_and_parses_back(run, held, fmt):
    out = run("sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }", "-f", fmt)
    assert not CONTROL.search(re.sub("[\t\n]", "", out)), "a raw control character"
    rdf_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
    values = {t.object.value for t in ox.parse(out.encode("utf-8"), rdf_format)}
    texts = {row["o"] for row in json.loads(run(*CASES["sparql"][0], "-f", "json")) if isinstance(row["o"], str)}
    assert values >= texts and len(texts) > 50
    assert {held(EVIL_TITLE), held(RED + " \x9d0;title\x9c \x9b2J theme"), "\r=2+2 CR first | col | [link]"
            "(javascript:alert(1)) ![img](http://evil/x.png) `tick`"} <= values


def test_kg_build_writes_no_raw_control_character_in_any_format(runner, tmp_path):
    """DEL and C1 (U+009B is CSI to a terminal) leave as escapes or character references, and the
    file still reads back to the same text."""
    from kg.graph.store import FORMATS

    texts = None
    for fmt, (rdf_format, suffix) in FORMATS.items():
        out = tmp_path / f"g{suffix}"
        assert runner.invoke(cli, ["build", str(HOSTILE), "-o", str(out), "-f", fmt]).exit_code == 0
        data = out.read_text(encoding="utf-8")
        if fmt != "xml":  # XML 1.0 carries C1 as it is (its parsers read them as text)
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", data), fmt
        store = ox.Store()
        store.load(data.encode("utf-8"), rdf_format)
        found = {q.object.value for q in store if isinstance(q.object, ox.Literal)}
        assert texts is None or found == texts, fmt
        texts = found
    assert any(re.search("[\x80-\x9f]", t) for t in texts)  # the hostile project does hold C1 text
