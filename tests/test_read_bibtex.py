"""The BibTeX reader: LaTeX to Unicode, names, macros, crossref; and a property test that an entry
bibtexparser accepts survives bib -> graph with its key, type, authors and year."""
from __future__ import annotations

import bibtexparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import Report
from kg.read.bibtex import parse_bib_text
from kg.read.latex import decode


def parse(text: str):
    report = Report()
    works = parse_bib_text(text, "t.bib", report)
    return {w.key: w for w in works}, report


def test_latex_escapes_become_unicode():
    assert decode('{\\"O}rki') == "Örki"
    assert decode("Altuni{\\c{s}}ik") == "Altunişik"
    assert decode("{Kazakhstan} -- a ``case''") == "Kazakhstan – a “case”"
    assert decode("plain text") == "plain text"


def test_names_split_into_family_and_given_parts():
    works, report = parse('@misc{a, author = {van der Berg, Jan and Agirseven and {\\"O}rki and others}}')
    assert not report.problems
    people = works["a"].authors
    assert (people[0].von, people[0].family, people[0].given) == ("van der", "Berg", "Jan")
    assert people[2].family == "Örki"
    assert people[3].others


def test_corporate_author_is_kept_whole():
    works, _ = parse("@misc{u, author = {{UNESCO Institute for Statistics}}}")
    person = works["u"].authors[0]
    assert person.corporate and person.family == "UNESCO Institute for Statistics"


def test_string_and_month_macros_and_concatenation():
    works, report = parse('@string{fps = {Frontiers in Political Science}}\n'
                          '@article{a, journal = fps # { 7}, month = mar, title = "A " # {B}}')
    assert not report.problems
    assert works["a"].fields == {"journal": "Frontiers in Political Science 7", "month": "3", "title": "A B"}


def test_crossref_inherits_missing_fields():
    works, report = parse("@book{b, title = {The Book}, publisher = {P}, year = {1999}}\n"
                          "@incollection{c, crossref = {b}, title = {A Chapter}}")
    from kg.read.bibtex import _resolve_crossrefs

    _resolve_crossrefs(works, report)
    assert not report.problems
    assert works["c"].fields["booktitle"] == "The Book"
    assert works["c"].fields["year"] == "1999" and works["c"].fields["title"] == "A Chapter"


def test_lines_are_one_based():
    _, report = parse("\n\n@misc{a, note = undefined}")
    assert [str(p.location) for p in report.errors] == ["t.bib:3"]


# -- property: bib -> graph keeps key, type, authors, year --------------------------------------

names = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x17F),
                min_size=1, max_size=12)
keys = st.from_regex(r"[a-z][a-z0-9_:-]{0,15}", fullmatch=True)
types = st.sampled_from(["article", "book", "misc", "inproceedings", "phdthesis", "online", "unknowntype"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=keys, entry_type=types, families=st.lists(names, min_size=1, max_size=4),
       year=st.integers(min_value=1000, max_value=2999))
def test_an_entry_bibtexparser_accepts_survives_into_the_graph(key, entry_type, families, year):
    from kg import model
    from kg.graph.build import _Builder
    from kg.graph.iris import Minter
    from kg.vocab import DCTERMS, FABIO, FOAF, KG, RDF

    source = f"@{entry_type}{{{key},\n  author = {{{' and '.join(families)}}},\n  year = {{{year}}}\n}}\n"
    library = bibtexparser.parse_string(source)
    assert len(library.entries) == 1  # bibtexparser accepts it
    works, report = parse(source)
    assert not report.errors and key in works

    out = []
    study = model.Study(info=model.StudyInfo(id="p", title="t", manuscript=key), works=works, records={})
    iri = Minter("p")
    _Builder(iri, study, out).work(works[key])
    w = iri.work(key)
    got = {(p, o if isinstance(o, str) else o.value) for s, p, o in out if s == w}
    assert (KG.citationKey, key) in got
    assert (KG.bibtexType, entry_type) in got
    assert (FABIO.hasPublicationYear, str(year)) in got
    assert (RDF.type, FABIO.Expression) in got
    authors = sorted((int(next(o.value for s2, p2, o in out if s2 == a and p2 == KG.authorPosition)), a)
                     for p, a in got if p == DCTERMS.creator)
    family = [next(o.value for s, p, o in out if s == a and p == FOAF.familyName) for _, a in authors]
    assert family == [f.strip() for f in families]
