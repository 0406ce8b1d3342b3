"""The bundled study is complete and faithful: what the article's own text holds is in the graph.

Expectations are read from study/article.txt with regular expressions, independently of the
annotations, so a missing work or quote fails here whatever the YAML says.
"""
from __future__ import annotations

import re

import pytest

from kg import resources
from kg.vocab import PREFIXES

ARTICLE = (resources.bundled_project() / "study" / "article.txt").read_text(encoding="utf-8")
PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
CITATION = re.compile(r"([A-Z][A-Za-zÀ-ž\-]+)(?: et al\.| and [A-Z][A-Za-zÀ-ž\-]+)?(?:,| \(| in [A-Z]\w+ \()\s?"
                      r"((?:\d{4})(?:, \d{4})*)")
QUOTE = re.compile(r"“([^”]+)”\s*\(Respondent (\d), 2022\)")


def rows(store, query: str) -> list[tuple]:
    return [tuple(t.value if t is not None else None for t in r) for r in store.query(PREFIX + query)]


def cited_in_text() -> set[tuple[str, str]]:
    pairs = set()
    for m in CITATION.finditer(ARTICLE):
        pairs.update((m.group(1), year) for year in m.group(2).split(", "))
    pairs.discard(("Collier", "2011"))  # "Collier and Mahon in Rothman (2011)": Rothman's year, checked below
    return pairs


def test_every_work_the_text_cites_is_in_the_graph(bundled_store):
    works = set(rows(bundled_store, """SELECT ?family ?year WHERE {
        ?w a fabio:Expression ; dcterms:creator ?a ; fabio:hasPublicationYear ?y .
        ?a kg:authorPosition 1 ; foaf:familyName ?family . BIND(STR(?y) AS ?year) }"""))
    expected = cited_in_text()
    assert len(expected) >= 70
    assert expected - works == set()


def test_second_hand_citations_name_the_citing_work(bundled_store):
    via = set(rows(bundled_store, """SELECT ?cited ?through WHERE {
        ?c cito:hasCitedEntity/kg:citationKey ?cited ; kg:citedVia/kg:citationKey ?through }"""))
    assert {("colliernd", "rothman2011"), ("olcott2005", "gnedina2015")} <= via


def test_institutional_and_web_sources_are_works(bundled_store):
    corporate = {r[0] for r in rows(bundled_store, "SELECT ?n WHERE { ?w dcterms:creator ?a . ?a a foaf:Organization ; foaf:name ?n }")}
    assert "UNESCO Institute for Statistics" in corporate
    assert "Ministry of Foreign Affairs of the Republic of Kazakhstan" in corporate
    urls = dict(rows(bundled_store, "SELECT ?u ?d WHERE { ?w fabio:hasURL ?u ; kg:accessed ?d }"))
    assert urls == {"https://rosstat.gov.ru/folder/56580#": "2022-12-20",
                    "https://www.gov.kz/memleket/entities/inf/documents/details/42554?lang=en": "2022-09-08"}


def test_the_manuscript_itself_is_a_work_with_its_doi(bundled_store):
    assert rows(bundled_store, "SELECT ?doi WHERE { ?s kg:manuscript ?m . ?m prism:doi ?doi }") == \
        [("10.3389/fpos.2025.1544208",)]


def test_every_attributed_quote_is_an_excerpt_of_its_respondent(bundled_store):
    quotes = QUOTE.findall(ARTICLE)
    assert len(quotes) == 25
    excerpts = set(rows(bundled_store, """SELECT ?text ?label WHERE {
        ?e a kg:Excerpt ; oa:hasTarget/oa:hasSelector/oa:exact ?text ; kg:voicedBy/rdfs:label ?label }"""))
    for text, n in quotes:
        assert (text, f"Respondent {n}") in excerpts, f"missing quote of Respondent {n}: {text[:60]}"


def test_the_unattributed_phrases_of_section_5_5_are_group_excerpts(bundled_store):
    phrases = {r[0] for r in rows(bundled_store, """SELECT ?text WHERE {
        ?e a kg:Excerpt ; kg:text ?text ; kg:voicedBy ?g . ?g a kg:RespondentGroup }""")}
    assert {"careful decision-making", "security organs that keep illicit actions under control",
            "promotion of national culture/identity"} <= phrases


def test_every_verbatim_text_in_the_graph_is_in_the_article(bundled_store):
    texts = rows(bundled_store, "SELECT ?t WHERE { { ?s kg:text ?t } UNION { ?s oa:exact ?t } }")
    assert len(texts) > 200
    assert [t for (t,) in texts if t not in ARTICLE] == []


def test_a_theme_for_each_results_section(bundled_store):
    headings = re.findall(r"^(5\.[1-5]) (.+)$", ARTICLE, flags=re.M)
    assert len(headings) == 5
    sections = {r[0] for r in rows(bundled_store, """SELECT ?sec WHERE {
        ?t a kg:Theme ; kg:section ?sec ; skos:topConceptOf ?scheme }""")}
    assert {sec for sec, _ in headings} <= sections


def test_five_respondents_each_quoted(bundled_store):
    counts = dict(rows(bundled_store, """SELECT ?label (COUNT(?e) AS ?n) WHERE {
        ?e a kg:Excerpt ; kg:voicedBy ?r . ?r a kg:Respondent ; rdfs:label ?label } GROUP BY ?label"""))
    expected = {f"Respondent {n}": str(ARTICLE.count(f"(Respondent {n}, 2022)")) for n in range(1, 6)}
    assert counts == expected


@pytest.mark.parametrize("label,qid", [("Kazakhstan", "Q232"), ("Russia", "Q159"), ("China", "Q148"),
                                       ("United States", "Q30"), ("Turkey", "Q43"), ("European Union", "Q458"),
                                       ("United Kingdom", "Q145"), ("Japan", "Q17"), ("Qatar", "Q846")])
def test_actors_carry_their_wikidata_iris(bundled_store, label, qid):
    assert rows(bundled_store, f'SELECT ?wd WHERE {{ ?a a kg:Actor ; rdfs:label "{label}" ; owl:sameAs ?wd }}') == \
        [(f"http://www.wikidata.org/entity/{qid}",)]


def test_cito_points_from_claims_to_works(bundled_store):
    wrong = rows(bundled_store, """SELECT ?s ?o WHERE { ?s cito:cites ?o .
        FILTER NOT EXISTS { ?s a kg:Claim . ?o a fabio:Expression } }""")
    assert wrong == []
    pages = set(rows(bundled_store, """SELECT ?key ?p WHERE { ?c cito:hasCitedEntity/kg:citationKey ?key ;
        kg:pagesCited ?p }"""))
    assert {("nye2004", "256"), ("wilson2008", "115"), ("ipek2007", "1179"), ("bitabarova2018", "166")} <= pages


def test_every_work_but_the_manuscript_is_cited(bundled_store):
    uncited = rows(bundled_store, """SELECT ?key WHERE { ?w a fabio:Expression ; kg:citationKey ?key .
        FILTER NOT EXISTS { ?c cito:cites ?w } FILTER NOT EXISTS { ?x kg:citedVia ?w }
        FILTER NOT EXISTS { ?s kg:manuscript ?w } }""")
    assert uncited == []


def test_statistics_have_values_and_sources(bundled_store):
    stats = {r[0]: r[1:] for r in rows(bundled_store, """SELECT ?v ?key ?stated WHERE {
        ?s a kg:Statistic ; kg:value ?v ; dcterms:source/kg:citationKey ?key ; kg:sourceStated ?stated }""")}
    assert stats["90333"] == ("uis", "true") and stats["71368"] == ("uis", "true")
    assert stats["600000"][0] == "rosstat2022"
    assert stats["11534"] == ("yessirkep2025", "false")  # the text states no source for Bolashaq


def test_research_questions_are_the_articles(bundled_store):
    asked = {r[0] for r in rows(bundled_store, "SELECT ?t WHERE { ?q a kg:ResearchQuestion ; kg:text ?t }")}
    assert asked == {"What soft power potentials do superpowers and regional powers have toward Kazakhstan, "
                     "and how do they utilize them?", "How does Kazakhstan attempt to manage foreign soft power?"}


def test_institutions_named_in_the_article(bundled_store):
    labels = " | ".join(r[0] for r in rows(bundled_store, "SELECT ?l WHERE { ?i a kg:Institution ; rdfs:label ?l }"))
    for name in ("Bolashaq", "Rossotrudnichestvo", "TIKA", "Yunus Emre", "Confucian", "Goethe", "TRT"):
        assert name in labels


def test_tool_uses_rest_on_evidence(bundled_store):
    per_actor = dict(rows(bundled_store, """SELECT ?actor (COUNT(DISTINCT ?tool) AS ?n) WHERE {
        ?u a kg:ToolUse ; kg:actor/rdfs:label ?actor ; kg:tool ?tool ; kg:evidence ?e } GROUP BY ?actor"""))
    for actor in ("Russia", "China", "Turkey"):
        assert int(per_actor.get(actor, 0)) >= 3, per_actor
