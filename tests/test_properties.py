"""Properties (hypothesis) of the readers and of the graph as a whole:

1. no text and no bytes crash a reader: the BibTeX, LaTeX, YAML and annotation readers return a
   result and/or problems located in the input, never another exception;
2. every valid study, built and validated, survives each RDF format kg writes (kg.graph.store.FORMATS),
   read back by pyoxigraph and by rdflib, triple for triple;
3. any Unicode text of a quote or a work title comes back unchanged from SPARQL, from the kg viz
   page's embedded data and from the coverage page's hover text; text that RDF/XML and HTML cannot
   carry is refused with a located problem.

Examples are derandomized (the same ones every run) and no example database is kept, so a CI run
is reproducible; the `@example`s are inputs that crashed or misread kg before (they must keep passing).
"""
from __future__ import annotations

import json
import operator
import re
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kg import model, pipeline, viz
from kg.errors import InputError, Report, display_path
from kg.graph.store import FORMATS, StudyGraph, serialize
from kg.queries import execute, run_named
from kg.render import visible
from kg.read.bibtex import parse_bib_text, read_bib_file
from kg.read.latex import LatexError, _slow, _squeeze, braces_balanced, decode
from kg.read.study import read_annotations
from kg.read.yamlloc import load
from kg.triangulation import coverage, evidence_detail, evidence_texts
from kg.triangulation_view import to_html
from kg.viz.render import render_html
from kg.vocab import DCTERMS, KG, RDF, XSD

# rdflib's own parsers use its deprecated Dataset API
pytestmark = pytest.mark.filterwarnings(
    "ignore:(Dataset.default_context|ConjunctiveGraph) is deprecated:DeprecationWarning")

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BUILDS = settings(FUZZ, max_examples=20)  # each example builds, validates and reloads a project

# What XML 1.0 cannot carry (RDF/XML, the HTML pages): C0 controls but tab, LF and CR, and U+FFFE,
# U+FFFF. Surrogates (category Cs) are not characters at all: UTF-8 cannot encode them.
UNCARRIED = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters=UNCARRIED)


def tokens(*words: str) -> st.SearchStrategy[str]:
    """Text made of the words that matter to a format, with a little noise between them."""
    return st.lists(st.sampled_from(words) | st.text(max_size=2), max_size=40).map("".join)


def repeated(*words: str) -> st.SearchStrategy[str]:
    """One long line (or deep nesting) of a word repeated thousands of times."""
    return st.builds(operator.mul, st.sampled_from(words) | st.text(min_size=1, max_size=3), st.integers(1_000, 5_000))


def with_examples(inputs: list[str]):
    """An @example for each input, so inputs that crashed kg once are tried on every run."""
    def add(test):
        for value in inputs:
            test = example(value)(test)
        return test
    return add


def assert_located(report: Report, path: str, text: str) -> None:
    """Every problem names the file and a line in it. (YAML also ends lines at U+2028, NEL, ...:
    splitlines counts all of those, so it bounds the line numbers of either reader.)"""
    last = len(text.splitlines()) + 1
    for p in report.problems:
        assert p.location.path == path, str(p)
        assert 1 <= p.location.line <= last, str(p)
        assert p.message.strip(), str(p)


# -- 1. no input crashes a reader ---------------------------------------------------------------

BIB = tokens("@misc{", "@article{k,", "@string{s = ", "@comment{", "@preamble{", "k,", " title = ", "author = ",
             "crossref = ", "url = ", "year = 2020", "{", "}", '"', ",", "=", "#", " # s", "\\", "\\'", '\\"{o}',
             "\\c", "\\c\\author", "\\href{a}{b}", "\\url", "\\begin{x}", "\\maketitle", "$", "%", "&", "~", "--",
             "``", "''", " and ", "others", "mar", "\n", "\r\n", "\r", "\t", " ", "ö", "\u2028", "\U0001F600",
             "\x00", "\x01", "\ufffe")
BAD_UTF8 = st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"])


def with_bad_bytes(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """UTF-8 text with invalid bytes in it, or any bytes at all."""
    return st.builds(lambda a, bad, b: a.encode("utf-8", "surrogatepass") + bad + b.encode("utf-8", "surrogatepass"),
                     text, BAD_UTF8, text) | st.binary()


@FUZZ
@given(text=st.one_of(st.text(), BIB, repeated("@misc{", "{", "a, ", "\\'", "x")))
@example("@misc{a, title = {\\c\\author}}")  # pylatexenc raised AttributeError
@example("@misc{a, note = {\\href{https://x.org}{x}}}")  # IndexError
def test_any_text_is_read_as_bibtex_or_reported(text):
    report = Report()
    works = parse_bib_text(text, "t.bib", report)
    assert_located(report, "t.bib", text)
    for work in works:
        assert work.key.strip() and all(isinstance(v, str) for v in work.fields.values())


@FUZZ
@given(data=with_bad_bytes(BIB))
def test_any_bytes_in_a_bib_file_are_read_or_reported(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "x.bib")
        path.write_bytes(data)
        report = Report()
        read_bib_file(path, report)
    assert_located(report, display_path(path), data.decode("utf-8", "replace"))
    if b"\xff" in data:  # never UTF-8
        assert any("UTF-8" in p.message for p in report.errors)


@FUZZ
@given(text=st.one_of(st.text(), BIB, repeated("\\'", "{}", "\\emph{", "--")))
@example("\\c\\author")  # AttributeError
@example("\\href{a}{b}")  # IndexError
def test_latex_decodes_to_clean_text_or_raises_latexerror(text):
    try:
        out = decode(text)
    except LatexError as exc:
        assert str(exc)
        return
    assert out == _squeeze(out)  # TeX spaces squeezed, none at the ends
    assert not any(c in UNCARRIED or "\ud800" <= c <= "\udfff" for c in out)


LATEX = tokens("\\title{", "\\author{", "\\date{", "\\maketitle", "\\today", "\\emph{", "\\'", "{", "}", "x", " ")


def decoded(value: str) -> str:
    try:
        return _squeeze(_slow(value))
    except LatexError as exc:
        return f"LatexError: {exc}"


@FUZZ
@given(before=LATEX, value=LATEX)
@example(before="\\title{Leaked}", value="\\maketitle")  # was 'Leaked [NO \\author GIVEN] <the date of the day>'
def test_a_value_decodes_the_same_whatever_was_decoded_before(before, value):
    first = decoded(value)
    decoded(before)
    assert decoded(value) == first


@FUZZ
@given(text=st.lists(st.sampled_from(["-", "--", "---", "`", "``", "'", "''", "!", "?", "~", "{", "}", " ", "\n", "a",
                                      "%", "&", "#", "^", "_", "@", '"', "\xa0", "\u2009", "é"]),
                     max_size=20).map("".join))
@example("a-{}-b")  # was an en dash, pylatexenc says two hyphens
@example("50% & more")  # pylatexenc read % as a comment and & as a column
@example("a~b")  # the no-break space became a space
def test_the_fast_path_decodes_as_pylatexenc(text):
    """decode() skips pylatexenc for a value with no backslash and no $: it must give what
    pylatexenc (the slow path, which `\\emph{}` anywhere in the value selects) gives."""
    assume(braces_balanced(text))
    assert decode(text) == _squeeze(_slow(text))


YAML = tokens("- ", ": ", "\n", "  ", "? ", "&a ", "*a", "!!int ", "!!float ", "!!timestamp ", "!!binary ", "!foo ",
              "!!python/name:os.system ", "[", "]", "{", "}", ", ", '"', "'", '"\\x00"', '"\\ud83d"',
              '"\\ud83d\\ude00"', '"\\r"', "---\n", "...\n", "%YAML 1.1\n", "# c", "|\n", ">-\n", "<<", "=",
              "2022-02-30", "0x_", "0b_", ".nan", "~", "id", "themes", "study", "text", "x", "é", "\t", "\u2028",
              "\x85", "\x01", "\ufeff", "\r\n")
YAML_EXAMPLES = [  # each crashed kg.read.yamlloc
    "a: &x [*x]\n",  # RecursionError
    "[" * 3000, "a:\n" + "- " * 2000 + "x\n",  # RecursionError
    "a: 0b_\n", "d: 2022-02-30\n",  # ValueError: YAML 1.1 took them for a number and a date
    "a: =\n", "a: {<<: {b: 1}}\n", "a: !!int x\n", "a: !!timestamp x\n",  # ConstructorError, ValueError, ...
    "!foo x\n", "a: !!python/name:os.system\n",  # ConstructorError
    'a: "\\ud83d"\n',  # a lone surrogate: UnicodeEncodeError when the graph is written
]


@FUZZ
@given(text=st.one_of(st.text(), YAML))
@with_examples(YAML_EXAMPLES)
def test_any_text_is_read_as_yaml_or_reported(text):
    report = Report()
    load(text, "s.yaml", report)
    assert_located(report, "s.yaml", text)


# Documents shaped like annotations: sections of records that hold every required field and some
# optional ones, with values of every YAML type, so they reach the schema checks.
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
                    st.sampled_from(["r1", "t1", "k", "supports", "group", "Q5", "2022-02-30", "=", "https://x.org/"]))
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=2), st.dictionaries(st.sampled_from(["id", "x"]), SCALARS))


def records(cls: type) -> st.SearchStrategy[dict]:
    specs, required = model.specs(cls), model.required(cls)
    values = {n: st.lists(records(model.Citation) | SCALARS, max_size=2) if s.kind == "citations" else VALUES
              for n, s in specs.items()}
    return st.fixed_dictionaries({n: values[n] for n in required},
                                 optional={n: values[n] for n in specs if n not in required})


DOCS = st.lists(st.sampled_from(list(model.SECTIONS)), min_size=1, max_size=3, unique=True).flatmap(
    lambda names: st.fixed_dictionaries({n: records(model.SECTIONS[n]) if n == "study" else
                                         st.lists(records(model.SECTIONS[n]), max_size=2) for n in names})
).map(lambda d: yaml.safe_dump(d, allow_unicode=True))


@FUZZ
@given(content=st.one_of(DOCS, YAML, st.text(), with_bad_bytes(YAML)))
@with_examples(YAML_EXAMPLES)
@example("themes:\n  - id: a\n    label:\n    definition: d\n")  # TypeError: a required field left blank
def test_any_annotation_file_is_read_or_reported(content):
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "s.yaml")
        path.write_bytes(data)
        report = Report()
        info, found = read_annotations(Path(folder), report)
    assert_located(report, display_path(path), data.decode("utf-8", "replace"))
    if not report.errors:  # then it is a study: records of the schema's classes
        assert isinstance(info, model.StudyInfo)
        assert all(isinstance(r, model.SECTIONS[s]) for s, rs in found.items() for r in rs)


# -- writing a project --------------------------------------------------------------------------

# BibTeX is LaTeX: runs of spaces are one space, and `~`, `--`, `''` ... are ligatures. A title is
# written the way a careful author would, so that it decodes to itself: specials escaped, a `{}`
# after each character that could start a ligature.
BIB_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "~": r"\textasciitilde{}"}


def bib_escape(text: str) -> str:
    return "".join(BIB_ESCAPES.get(c, c + "{}" if c in "-'`!?" else c) for c in text)


texts = st.text(CHARS, min_size=1, max_size=30)  # a quote: any text (verbatim, never stripped)
titles = texts.map(_squeeze).filter(bool)  # a title: TeX spaces squeezed (see decode), else anything
# A study's texts for the RDF round trip: without CR, which a manuscript never holds (it is read with
# universal newlines); test_a_carriage_return_survives_rdf_xml covers CR
texts_no_cr = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=UNCARRIED + "\r"),
                      min_size=1, max_size=30)
labels = texts_no_cr.filter(str.strip)  # a label or definition: stripped by the reader, so not blank
family_names = st.from_regex(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{0,8}", fullmatch=True)
ENTRY_TYPES = ["article", "book", "misc", "inproceedings", "online", "techreport", "phdthesis"]


def write_project(root: Path, spec: dict) -> Path:
    """A project folder from a spec: works (bib/), annotations (study/) and the manuscript text."""
    (root / "bib").mkdir(parents=True)
    (root / "study").mkdir()
    entries = []
    for w in spec["works"]:
        fields = [f"title = {{{bib_escape(w['title'])}}}", f"year = {{{w['year']}}}"]
        if w["authors"]:
            fields.append(f"author = {{{' and '.join(w['authors'])}}}")
        entries.append(f"@{w['type']}{{{w['key']},\n  " + ",\n  ".join(fields) + "\n}\n")
    (root / "bib" / "works.bib").write_text("\n".join(entries), encoding="utf-8")
    doc = {k: v for k, v in spec.items() if k not in ("works", "manuscript")}
    (root / "study" / "study.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")
    if spec.get("manuscript") is not None:
        (root / "study" / "article.txt").write_bytes(spec["manuscript"].encode("utf-8"))
    return root


@st.composite
def studies(draw) -> dict:
    """A small valid study: works, themes (maybe nested), respondents (maybe a group), quotes,
    claims citing the works, maybe a statistic, maybe the manuscript text they are quoted from."""
    keys = draw(st.lists(st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True), min_size=1, max_size=4, unique=True))
    works = [{"key": k, "type": draw(st.sampled_from(ENTRY_TYPES)), "title": draw(titles),
              "authors": draw(st.lists(family_names, max_size=3)), "year": draw(st.integers(1000, 2999))} for k in keys]
    themes = []
    for i in range(draw(st.integers(1, 3))):
        theme = {"id": f"t{i}", "label": draw(labels), "definition": draw(labels)}
        if i and draw(st.booleans()):
            theme["parent"] = f"t{i - 1}"
        themes.append(theme)
    theme_ids = [t["id"] for t in themes]
    respondents = [{"id": f"r{i}", "label": draw(labels)} for i in range(draw(st.integers(1, 3)))]
    if len(respondents) > 1 and draw(st.booleans()):
        members = [r["id"] for r in respondents]
        respondents.append({"id": "all", "label": draw(labels), "kind": "group", "members": members})
    some_themes = st.lists(st.sampled_from(theme_ids), min_size=1, unique=True)
    excerpts = [{"id": f"q{i}", "respondent": draw(st.sampled_from([r["id"] for r in respondents])),
                 "text": draw(texts_no_cr), "themes": draw(some_themes)} for i in range(draw(st.integers(0, 3)))]
    claims = []
    for i in range(draw(st.integers(1, 3))):
        cited = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True))
        cites = [{"work": k, "stance": draw(st.sampled_from(model.STANCES))} for k in cited]
        if draw(st.booleans()):
            cites[0]["pages"] = draw(labels)
        claims.append({"id": f"c{i}", "text": draw(texts_no_cr), "cites": cites, "themes": draw(some_themes)})
    spec = {"study": {"id": draw(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)), "title": draw(labels),
                      "manuscript": keys[0]},
            "works": works, "themes": themes, "respondents": respondents, "excerpts": excerpts, "claims": claims}
    if draw(st.booleans()):
        spec["statistics"] = [{"id": "s0", "label": draw(labels), "unit": draw(labels), "source": keys[-1],
                               "value": draw(st.integers(-10**20, 10**20) | st.floats(allow_nan=False,
                                                                                      allow_infinity=False))}]
    if draw(st.booleans()):  # then every quote and claim must be in it verbatim: it is made of them
        spec["study"]["text"] = "article.txt"
        spec["manuscript"] = "\n\n".join(r["text"] for r in excerpts + claims)
    return spec


# -- 2. every valid study survives every RDF format -----------------------------------------------

RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "xml": "xml", "jsonld": "json-ld"}
# the lexical spaces of the datatypes kg writes (XML Schema 1.1 part 2), except xsd:anyURI (any text)
LEXICAL = {XSD.decimal: r"[+-]?(\d+(\.\d*)?|\.\d+)", XSD.integer: r"[+-]?\d+", XSD.boolean: r"true|false|1|0",
           XSD.gYear: r"-?\d{4,}(Z|[+-]\d\d:\d\d)?", XSD.date: r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?"}


def from_ox(term) -> object:
    if isinstance(term, ox.NamedNode):
        return term.value
    assert isinstance(term, ox.Literal), f"kg writes IRIs and literals only (no blank nodes), found {term!r}"
    return term.value, term.datatype.value, term.language


def from_rdflib(term) -> object:
    if isinstance(term, rdflib.URIRef):
        return str(term)
    assert isinstance(term, rdflib.Literal), f"not an IRI or a literal: {term!r}"
    datatype = term.datatype or (RDF.langString if term.language else XSD.string)
    return str(term), str(datatype), term.language


def by_value(triples: set) -> set:
    """xsd:decimal literals by value: rdflib's Turtle reader turns the shorthand 0.000…05 into its
    own form, 5E-213 (not even an xsd:decimal), whatever NORMALIZE_LITERALS says."""
    return {(s, p, (Decimal(o[0]), o[1], o[2]) if isinstance(o, tuple) and o[1] == XSD.decimal else o)
            for s, p, o in triples}


@contextmanager
def lexical_forms_kept():
    """rdflib rewrites typed literals to its canonical forms ("0.00000015" -> "1.5E-7") unless told not to."""
    old, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = old


def read_back(data: bytes, fmt: str, graph_iri: str) -> tuple[set, set]:
    """The triples of a serialisation, as pyoxigraph and as rdflib read them; a quad format must
    hold them all in the study's named graph."""
    rdf_format = FORMATS[fmt][0]
    by_ox, by_rdflib = set(), set()
    for item in ox.parse(data, format=rdf_format):
        if rdf_format.supports_datasets:
            assert item.graph_name == ox.NamedNode(graph_iri)
        by_ox.add(tuple(map(from_ox, (item.subject, item.predicate, item.object))))
    with lexical_forms_kept():
        if rdf_format.supports_datasets:
            dataset = rdflib.Dataset()
            dataset.parse(data=data, format=RDFLIB_FORMATS[fmt])
            quads = list(dataset.quads((None, None, None, None)))
            assert {str(g) for *_, g in quads} <= {graph_iri}
            by_rdflib = {tuple(map(from_rdflib, q[:3])) for q in quads}
        else:
            graph = rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])
            by_rdflib = {tuple(map(from_rdflib, t)) for t in graph}
    return by_ox, by_rdflib


@BUILDS
@given(spec=studies())
def test_every_valid_study_survives_every_rdf_format(spec):
    with tempfile.TemporaryDirectory() as folder:
        built = pipeline.build(write_project(Path(folder, "p"), spec))  # validated: SHACL conforms
    store = built.store()
    triples = {tuple(map(from_ox, q.triple)) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert len(triples) == built.size  # one N-Triples line per triple, no duplicates
    for fmt in FORMATS:
        by_ox, by_rdflib = read_back(serialize(store, fmt, built.iri), fmt, built.iri)
        assert by_ox == triples, fmt
        assert by_value(by_rdflib) == by_value(triples), fmt
    # every typed literal is in its datatype's lexical space (no "nan" or "1e-05" as an xsd:decimal)
    for _, _, o in triples:
        if isinstance(o, tuple) and o[1] in LEXICAL:
            assert re.fullmatch(LEXICAL[o[1]], o[0]), o
    for stat in spec.get("statistics", ()):  # the number as YAML wrote it
        [value] = [o[0] for s, p, o in triples if s.endswith("/statistic/s0") and p == KG.value]
        assert Decimal(value) == Decimal(repr(stat["value"]) if isinstance(stat["value"], float) else stat["value"])


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_value_no_decimal_can_hold_is_reported(value):
    spec = {"study": {"id": "s", "title": "S", "manuscript": "k"},
            "works": [{"key": "k", "type": "misc", "title": "T", "authors": [], "year": 2000}],
            "statistics": [{"id": "s0", "label": "L", "unit": "u", "source": "k", "value": 0}]}
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder, "p"), spec)
        path = root / "study" / "study.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("value: 0", f"value: {value}"), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            pipeline.build(root, validate=False)
    [problem] = caught.value.report.errors
    assert problem.location.path == display_path(path) and "'value' must be a finite number" in problem.message


# -- 3. any text of a quote or a title comes back unchanged ------------------------------------------


def one_quote_study(quote: str, title: str) -> dict:
    """A quote and a claim coded with one theme; the claim cites a work with no authors, so the
    work's title is also its short citation, which the coverage page shows."""
    return {"study": {"id": "u", "title": "Unicode", "manuscript": "k1"},
            "works": [{"key": "k1", "type": "article", "title": title, "authors": [], "year": 2001}],
            "themes": [{"id": "t", "label": "Theme", "definition": "A theme."}],
            "respondents": [{"id": "r1", "label": "Respondent 1"}],
            "excerpts": [{"id": "q1", "respondent": "r1", "text": quote, "themes": ["t"]}],
            "claims": [{"id": "c1", "text": "A claim.", "cites": [{"work": "k1", "stance": "supports"}],
                        "themes": ["t"]}]}


def as_a_browser_reads(page: str) -> str:
    """HTML's input stream preprocessing: CR LF and CR become LF before any parsing."""
    return page.replace("\r\n", "\n").replace("\r", "\n")


class Titles(HTMLParser):
    """Every title attribute of a page, unescaped."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(as_a_browser_reads(page))

    def handle_starttag(self, tag, attrs):
        self.found += [v for k, v in attrs if k == "title" and v is not None]


def viz_data(page: str) -> dict:
    script = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', as_a_browser_reads(page), re.S)
    return json.loads(script.group(1))


def texts_in_every_output(quote: str, title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        built = pipeline.build(write_project(Path(folder, "p"), one_quote_study(quote, title)))
    graph = StudyGraph(built.store(), built.iri)
    # SPARQL: a named query and an ad hoc one
    quotes = run_named(graph, "respondents-per-theme")
    assert [row[quotes.columns.index("quote")] for row in quotes.rows] == [quote]
    assert execute(graph, 'SELECT ?t WHERE { ?w kg:citationKey "k1" ; dcterms:title ?t }').rows == [[title]]
    # kg viz: the data the page's script reads
    nodes = {n["id"]: n for n in viz_data(render_html(viz.study_graph(graph)))["nodes"]}
    assert nodes["excerpt:q1"]["l"] == f"“{quote}”" and dict(nodes["excerpt:q1"]["d"])["quote"] == quote
    assert dict(nodes["work:k1"]["d"])["title"] == title and nodes["work:k1"]["l"] == f"{title} (2001)"
    # kg coverage -f html: the hover text of the respondent's cell and of the supporting works' cell,
    # where control characters (C0 but LF and tab, DEL, C1) are shown as `\x0d` by design: the page
    # may be printed to a terminal (kg.triangulation_view._escape)
    page = to_html(coverage(graph), evidence_detail(graph), evidence_texts(graph), graph.title)
    hovers = Titles(page).found
    assert visible(f"“{quote}”", keep="\n\t") in hovers and visible(f"{title} (2001)", keep="\n\t") in hovers


@BUILDS
@given(quote=texts, title=titles)
@example(quote=" <b>&amp;</b> \u2028\u2029 \x85 \r\n ”“ \n\n", title="</script><!-- \u00a0~ -- \\emph{x} 50% & {}")
@example(quote="\U0010FFFF\ufeff\u200d\U0001F469\u200d\U0001F467", title="İı ß \u0301e \U0001D11E")
def test_any_text_of_a_quote_or_title_comes_back_unchanged(quote, title):
    texts_in_every_output(quote, title)


@settings(BUILDS, max_examples=40)
@given(bad=st.sampled_from(UNCARRIED) | st.characters(categories=("Cs",)), where=st.sampled_from(["quote", "title"]))
def test_text_no_format_can_carry_is_refused_where_it_is(bad, where):
    """A control character, U+FFFE or a lone surrogate: a located problem, not a crash or a
    graph that cannot be written as RDF/XML. (In YAML only an escape writes them; in a .bib file
    a surrogate cannot even be encoded, so that file is not UTF-8.)"""
    spec = one_quote_study(f"a{bad}b" if where == "quote" else "q", f"a{bad}b" if where == "title" else "T")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder, "p")
        if where == "title" and "\ud800" <= bad <= "\udfff":
            write_project(root, {**spec, "works": []})
            entry = f"@article{{k1,\n  title = {{a{bad}b}},\n  year = {{2001}}\n}}\n"
            (root / "bib" / "works.bib").write_bytes(entry.encode("utf-8", "surrogatepass"))
        else:
            write_project(root, spec)
        with pytest.raises(InputError) as caught:
            pipeline.build(root, validate=False)
        path = display_path(root / ("study/study.yaml" if where == "quote" else "bib/works.bib"))
    problems = caught.value.report.errors
    assert problems and all(p.location.path == path and p.location.line >= 1 for p in problems), problems
    assert any(f"U+{ord(bad):04X}" in p.message or "UTF-8" in p.message for p in problems), problems


# -- two bugs this suite found in the writers: a CR in RDF/XML, a control character in a URL -------


def test_a_carriage_return_survives_rdf_xml():
    spec = one_quote_study("q", "T")
    spec["themes"][0]["label"] = "a\rb"  # YAML writes it as the escape "\r"
    with tempfile.TemporaryDirectory() as folder:
        built = pipeline.build(write_project(Path(folder, "p"), spec))
    store = built.store()
    triples = {tuple(map(from_ox, q.triple)) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    _, by_rdflib = read_back(serialize(store, "xml", built.iri), "xml", built.iri)
    assert by_rdflib == triples


def test_a_control_character_in_a_url_is_reported():
    spec = one_quote_study("q", "T")
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder, "p"), spec)
        bib = root / "bib" / "works.bib"
        bib.write_text(bib.read_text(encoding="utf-8").replace("year =", "url = {https://x.org/\x01},\n  year ="),
                       encoding="utf-8")
        with pytest.raises(InputError) as caught:
            pipeline.build(root, validate=False)
    assert any("U+0001" in p.message and p.location.line >= 1 for p in caught.value.report.errors)
