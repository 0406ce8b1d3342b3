"""The store -> typed rows -> the prepared `Graph` of every drawable record of a study.

A handful of SPARQL queries (terms from kg.vocab only) give plain rows; the rows become nodes
with their tooltip details and edges with their kinds. What is not drawn is folded into what is:
authors and citation nodes into a work's details and the stance edges' notes, interviews into
a respondent's details, tool uses into the "uses tool" edges. Selectors, targets, schemes and
literal-only resources are left out.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import unquote

from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import KgError
from kg.graph.iris import SEGMENTS
from kg.viz.model import KIND, Edge, Graph, Node

if TYPE_CHECKING:
    from kg.graph.store import StudyGraph
from kg.vocab import (
    ACTOR_KIND_CLASSES,
    CITO,
    DCTERMS,
    FABIO,
    FOAF,
    KG,
    OA,
    OWL,
    PRISM,
    PROV,
    RDF,
    RDFS,
    SKOS,
    STANCE_PROPERTIES,
    VERDICT_TERMS,
)

# the classes drawn, and the kind of node each becomes
CLASSES = {
    KG.Theme: "themes", KG.Excerpt: "excerpts", KG.Finding: "findings", KG.Respondent: "respondents",
    KG.RespondentGroup: "respondents", KG.Claim: "claims", FABIO.Expression: "works", KG.Actor: "actors",
    KG.Tool: "tools", KG.Institution: "institutions", KG.Statistic: "statistics", KG.Conclusion: "conclusions",
    KG.ResearchQuestion: "research_questions",
}
STANCE_EDGES = {prop: token for token, prop in STANCE_PROPERTIES.items()}  # the edge kind is the stance word
# object property -> edge kind; an edge is kept only when both ends are drawn
LINKS = {
    **STANCE_EDGES,
    CITO.cites: "cites", KG.voicedBy: "voiced by", OA.hasBody: "coded with", KG.hasTheme: "about theme",
    KG.concernsActor: "about", KG.concernsTool: "about", KG.concernsInstitution: "about",
    KG.usesTool: "uses tool", KG.evidence: "evidence", FOAF.member: "member", SKOS.broader: "broader",
    KG.answers: "answers", DCTERMS.source: "source", KG.operatedBy: "operated by", KG.servesTool: "serves",
}
VERDICT_WORDS = {term: token for token, term in VERDICT_TERMS.items()}
ACTOR_KIND_WORDS = {cls: token for token, cls in ACTOR_KIND_CLASSES.items()}
WIKIDATA = "http://www.wikidata.org/entity/"
DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.I)
WEB = re.compile(r"^https?://[^\s]+$", re.I)

# -- typed rows --------------------------------------------------------------------------------


@dataclass
class Record:
    """One drawable resource and its literal properties (predicate IRI -> values, in store order)."""

    iri: str
    section: str
    props: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def get(self, predicate: str) -> str:
        values = self.props.get(predicate)
        return values[0] if values else ""


@dataclass(frozen=True)
class Link:
    subject: str
    predicate: str
    object: str


@dataclass(frozen=True)
class AuthorRow:
    work: str
    position: int
    name: str


@dataclass(frozen=True)
class CitationRow:
    claim: str
    work: str
    stance: str  # the CiTO property
    pages: str
    via: str  # IRI of the work it is cited through, or ""


@dataclass
class ToolUseRow:
    actor: str
    tool: str
    evidence: list[str] = field(default_factory=list)
    through: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Rows:
    study: str
    title: str
    records: dict[str, Record]
    links: list[Link]
    authors: list[AuthorRow]
    citations: list[CitationRow]
    tool_uses: list[ToolUseRow]
    types: dict[str, set[str]]  # IRI -> its rdf:types, for the drawn resources
    interviews: dict[str, list[str]] = field(default_factory=dict)  # respondent IRI -> "2022-06/2022-09, mode"


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _v(term) -> str:
    return "" if term is None else term.value


def rows(store: "ox.Store | StudyGraph") -> Rows:
    """Every row the view needs, in a stable order."""
    studies = [(_v(r["s"]), _v(r["t"])) for r in store.query(
        f"SELECT ?s ?t WHERE {{ ?s <{RDF.type}> <{KG.Study}> OPTIONAL {{ ?s <{DCTERMS.title}> ?t }} }} ORDER BY ?s")]
    if not studies:
        raise KgError("the graph holds no kg:Study; build it with `kg build` first")
    study, title = studies[0]

    records: dict[str, Record] = {}
    types: dict[str, set[str]] = defaultdict(set)
    q = (f"SELECT ?s ?c ?p ?o WHERE {{ VALUES ?c {{ {_values(CLASSES)} }} ?s <{RDF.type}> ?c . "
         f"OPTIONAL {{ ?s ?p ?o FILTER(isLiteral(?o)) }} }}")
    for r in store.query(q):
        s, cls = _v(r["s"]), _v(r["c"])
        rec = records.get(s)
        if rec is None:
            rec = records[s] = Record(s, CLASSES[cls])
        if r["p"] is not None:
            rec.props[_v(r["p"])].append(_v(r["o"]))
    for values in (rec.props for rec in records.values()):
        for key in values:
            values[key] = list(dict.fromkeys(values[key]))  # one row per (p, o) although ?c repeats
    for r in store.query(f"SELECT ?s ?t WHERE {{ VALUES ?c {{ {_values(CLASSES)} }} ?s <{RDF.type}> ?c ; "
                         f"<{RDF.type}> ?t }}"):
        types[_v(r["s"])].add(_v(r["t"]))

    links = [Link(_v(r["s"]), _v(r["p"]), _v(r["o"])) for r in store.query(
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(list(LINKS) + [OWL.sameAs, KG.recordedVerdict])} }} ?s ?p ?o "
        f"FILTER(isIRI(?o)) }} ORDER BY ?s ?p ?o")]
    authors = [AuthorRow(_v(r["w"]), int(_v(r["pos"]) or 0), _v(r["name"])) for r in store.query(
        f"SELECT ?w ?pos ?name WHERE {{ ?w <{DCTERMS.creator}> ?a . ?a <{FOAF.name}> ?name "
        f"OPTIONAL {{ ?a <{KG.authorPosition}> ?pos }} }}")]
    authors.sort(key=lambda a: (a.work, a.position, a.name))
    citations = [CitationRow(_v(r["claim"]), _v(r["work"]), _v(r["stance"]), _v(r["pages"]), _v(r["via"]))
                 for r in store.query(
        f"SELECT ?c ?claim ?work ?stance ?pages ?via WHERE {{ ?c <{RDF.type}> <{CITO.Citation}> ; "
        f"<{CITO.hasCitingEntity}> ?claim ; <{CITO.hasCitedEntity}> ?work . "
        f"OPTIONAL {{ ?c <{CITO.hasCitationCharacterization}> ?stance }} "
        f"OPTIONAL {{ ?c <{KG.pagesCited}> ?pages }} OPTIONAL {{ ?c <{KG.citedVia}> ?via }} }} ORDER BY ?c")]
    uses: dict[str, ToolUseRow] = {}
    for r in store.query(
            f"SELECT ?u ?actor ?tool ?ev ?through ?note WHERE {{ ?u <{RDF.type}> <{KG.ToolUse}> ; "
            f"<{KG.actor}> ?actor ; <{KG.tool}> ?tool . OPTIONAL {{ ?u <{KG.evidence}> ?ev }} "
            f"OPTIONAL {{ ?u <{KG.through}> ?through }} OPTIONAL {{ ?u <{SKOS.note}> ?note }} }} ORDER BY ?u ?ev"):
        u = uses.setdefault(_v(r["u"]), ToolUseRow(_v(r["actor"]), _v(r["tool"]), note=_v(r["note"])))
        for name, target in (("ev", u.evidence), ("through", u.through)):
            if r[name] is not None and _v(r[name]) not in target:
                target.append(_v(r[name]))
    interviews: dict[str, list[str]] = defaultdict(list)
    for r in store.query(
            f"SELECT ?i ?r ?period ?format ?mode WHERE {{ ?i <{RDF.type}> <{KG.Interview}> ; "
            f"<{PROV.wasAssociatedWith}> ?r OPTIONAL {{ ?i <{DCTERMS.temporal}> ?period }} "
            f"OPTIONAL {{ ?i <{KG.interviewFormat}> ?format }} OPTIONAL {{ ?i <{KG.interviewMode}> ?mode }} }} "
            f"ORDER BY ?i"):
        interviews[_v(r["r"])].append(", ".join(_v(r[k]) for k in ("period", "format", "mode") if r[k] is not None)
                                      or "held")
    return Rows(study, title, records, links, authors, citations, list(uses.values()), types, dict(interviews))


# -- rows -> nodes and edges ---------------------------------------------------------------------


def study_graph(store: "ox.Store | StudyGraph") -> Graph:
    """Every drawable record of the study in the store (anything with `.query(sparql)`: an embedded
    store, or a kg StudyGraph over a disk store or an endpoint), and the edges between them."""
    return graph_from_rows(rows(store))


def graph_from_rows(data: Rows) -> Graph:
    ids = {iri: _node_id(rec, data.study) for iri, rec in data.records.items()}
    labels = {iri: _label(rec) for iri, rec in data.records.items()}
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # s -> p -> [o]
    for link in data.links:
        out[link.subject][link.predicate].append(link.object)

    authors: dict[str, list[str]] = defaultdict(list)
    for a in data.authors:
        authors[a.work].append(a.name)
    cited: dict[str, list[str]] = defaultdict(list)  # work -> "p. 166 (c-agriculture)"
    notes: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (claim, work, kind) -> notes
    for c in data.citations:
        bits = []
        if c.pages:
            bits.append(_pages(c.pages))
        if c.via:
            bits.append(f"cited via {labels.get(c.via, c.via)}")
        if bits:
            kind = STANCE_EDGES.get(c.stance, "cites")
            notes[(c.claim, c.work, kind)].append(", ".join(bits))
            cited[c.work].append(f"{', '.join(bits)} (claim {ids.get(c.claim, c.claim).partition(':')[2]})")

    nodes = []
    for iri, rec in data.records.items():
        details, links = _details(rec, data, out, labels, authors.get(iri, []), cited.get(iri, []))
        nodes.append(Node(ids[iri], rec.section, labels[iri], iri, tuple(details), tuple(links)))
    order = {name: i for i, name in enumerate(KIND)}
    nodes.sort(key=lambda n: (order[n.kind], n.id))

    edges: dict[tuple[str, str, str], Edge] = {}
    for link in data.links:
        kind = LINKS.get(link.predicate)
        if kind is None or link.subject not in ids or link.object not in ids or link.subject == link.object:
            continue
        s, t = ids[link.subject], ids[link.object]
        key = (s, t, kind)
        note = "; ".join(notes.get((link.subject, link.object, kind), ()))
        edges.setdefault(key, Edge(s, t, kind, note))
    for use in data.tool_uses:
        if use.actor in ids and use.tool in ids:
            bits = []
            if use.evidence:
                bits.append("evidence: " + ", ".join(ids[e].partition(":")[2] if e in ids else e for e in use.evidence))
            if use.through:
                bits.append("through: " + ", ".join(labels.get(t, t) for t in use.through))
            if use.note:
                bits.append(use.note)
            key = (ids[use.actor], ids[use.tool], "uses tool")
            old = edges.get(key)
            note = "; ".join(x for x in ((old.note if old else ""), " / ".join(bits)) if x)
            edges[key] = Edge(*key, note)
    pairs = {(s, t) for (s, t, k) in edges if k != "cites"}
    coded = {(s, t) for (s, t, k) in edges if k == "coded with"}
    kept = [e for (s, t, k), e in edges.items()
            if not (k == "cites" and (s, t) in pairs) and not (k == "about theme" and (s, t) in coded)]
    kept.sort(key=lambda e: (e.source, e.kind, e.target))
    return Graph(nodes, kept, title=data.title, view="everything")


def _node_id(rec: Record, study: str) -> str:
    segment = SEGMENTS[rec.section]
    if rec.section == "works" and rec.get(KG.citationKey):
        return f"{segment}:{rec.get(KG.citationKey)}"
    prefix = f"{study}{segment}/"
    ident = rec.iri[len(prefix):] if rec.iri.startswith(prefix) else rec.iri.rstrip("/#").rsplit("/", 1)[-1]
    return f"{segment}:{unquote(ident)}"


def _label(rec: Record) -> str:
    label = rec.get(SKOS.prefLabel) or rec.get(RDFS.label)
    if rec.section in ("excerpts", "findings"):
        text = rec.get(KG.text)
        return f"“{text}”" if rec.section == "excerpts" and text else (text or label)
    if rec.section == "works":
        return rec.get(DCTERMS.bibliographicCitation) or label or rec.get(KG.citationKey)
    return label or rec.get(KG.text) or rec.iri


def _pages(pages: str) -> str:
    return f"pp. {pages}" if re.search(r"[-–,]", pages) else f"p. {pages}"


def _details(rec: Record, data: Rows, out, labels, authors: list[str], cited: list[str]):
    """(field, value) rows and (text, URL) links of one record, by kind."""
    g, rows_, links = rec.get, [], []

    def add(name: str, value: str | None) -> None:
        if value:
            rows_.append((name, value))

    def refs(predicate: str) -> str:
        return "; ".join(labels.get(o, o) for o in out[rec.iri].get(predicate, ()))

    section = rec.section
    if section == "works":
        names = ", ".join(authors[:-1]) + (" and " if len(authors) > 1 else "") + authors[-1] if authors else ""
        if g(KG.etAl):
            names = f"{names} et al." if names else "et al."
        add("citation", g(DCTERMS.bibliographicCitation))
        add("authors", names)
        add("year", g(FABIO.hasPublicationYear))
        add("title", g(DCTERMS.title))
        add("in", g(PRISM.publicationName))
        add("volume", g(PRISM.volume))
        add("number", g(PRISM.number))
        add("pages", g(PRISM.pageRange))
        add("edition", g(PRISM.edition))
        add("publisher", g(DCTERMS.publisher))
        add("pages cited", "; ".join(cited))
        doi = DOI_PREFIX.sub("", g(PRISM.doi))
        add("DOI", doi)
        add("URL", g(FABIO.hasURL))
        add("accessed", g(KG.accessed))
        add("ISBN", g(PRISM.isbn))
        add("note", g(SKOS.note))
        add("BibTeX", f"@{g(KG.bibtexType) or 'misc'}{{{g(KG.citationKey)}}}")
        if doi:
            links.append((f"doi:{doi}", f"https://doi.org/{doi}"))
        if WEB.match(g(FABIO.hasURL)):
            links.append((g(FABIO.hasURL), g(FABIO.hasURL)))
    elif section == "claims":
        add("text", g(KG.text))
        add("section", g(KG.section))
        add("cites", "; ".join(f"{labels.get(o, o)} ({STANCE_EDGES[p]})" for p in STANCE_EDGES
                               for o in out[rec.iri].get(p, ())))
        if g(KG.isAuthorsOwn) == "true":
            add("authors' own", "yes: cites no work")
        add("themes", refs(KG.hasTheme))
        add("note", g(SKOS.note))
    elif section == "excerpts":
        add("quote", g(KG.text))
        add("respondent", refs(KG.voicedBy))
        add("cited as", g(KG.citedAs))
        add("themes", refs(OA.hasBody))
        add("section", g(KG.section))
        add("note", g(SKOS.note))
    elif section == "findings":
        add("text", g(KG.text))
        add("respondents", refs(KG.voicedBy))
        add("themes", refs(KG.hasTheme))
        add("section", g(KG.section))
        add("note", g(SKOS.note))
    elif section == "themes":
        add("theme", g(SKOS.prefLabel))
        add("definition", g(SKOS.definition))
        add("broader", refs(SKOS.broader))
        add("section", g(KG.section))
        verdicts = out[rec.iri].get(KG.recordedVerdict, ())
        add("recorded verdict", ", ".join(VERDICT_WORDS.get(o, o) for o in verdicts))
        add("verdict note", g(KG.verdictNote))
    elif section == "respondents":
        add("respondent", g(RDFS.label))
        add("members", refs(FOAF.member))
        add("role", g(KG.roleLevel))
        add("organisation", g(KG.organisationType))
        add("interviews", "; ".join(data.interviews.get(rec.iri, ())))
        add("note", g(SKOS.note))
    elif section == "actors":
        add("actor", g(RDFS.label))
        kinds = sorted(t for t in data.types.get(rec.iri, ()) if t in ACTOR_KIND_WORDS)
        add("kind", ", ".join(ACTOR_KIND_WORDS[t] for t in kinds))
        add("members", refs(FOAF.member))
        add("definition", g(SKOS.definition))
    elif section == "tools":
        add("tool", g(SKOS.prefLabel) or g(RDFS.label))
        add("definition", g(SKOS.definition))
        add("broader", refs(SKOS.broader))
    elif section == "institutions":
        add("institution", g(RDFS.label))
        add("kind", g(KG.institutionKind))
        add("operated by", refs(KG.operatedBy))
        add("definition", g(SKOS.definition))
    elif section == "statistics":
        add("statistic", g(RDFS.label))
        add("value", " ".join(x for x in (g(KG.value), g(KG.unit)) if x))
        add("counts", g(KG.counts))
        add("date", g(DCTERMS.date))
        source = refs(DCTERMS.source)
        add("source", source if g(KG.sourceStated) != "false" else f"none stated (given by {source})")
        add("quote", g(KG.text))
        add("section", g(KG.section))
    elif section == "conclusions":
        add("text", g(KG.text))
        add("answers", refs(KG.answers))
        add("section", g(KG.section))
    elif section == "research_questions":
        add("question", g(KG.text))
        add("section", g(KG.section))
    for wd in out[rec.iri].get(OWL.sameAs, ()):
        if wd.startswith(WIKIDATA):
            add("Wikidata", wd[len(WIKIDATA):])
            links.append((f"wikidata:{wd[len(WIKIDATA):]}", wd.replace("http://", "https://", 1)))
    rows_.append(("id", _node_id(rec, data.study)))
    return rows_, links


