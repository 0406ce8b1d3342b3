"""Model -> triples: one function per kind of record, all terms from kg.vocab, all IRIs from Minter.

The output is a list of (subject, predicate, object) tuples (kg.graph.terms), ready to be
serialised as N-Triples and loaded into any store.
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg import model
from kg.graph.iris import Minter
from kg.graph.terms import Lit, Triple, lit
from kg.vocab import (ACTOR_KIND_CLASSES, BIBTEX_CLASSES, CITO, DCTERMS, FABIO, FOAF, KG, OA, OWL, PRISM, PROV,
                      RDF, RDFS, SKOS, STANCE_PROPERTIES, VERDICT_TERMS, XSD)

WIKIDATA = "http://www.wikidata.org/entity/"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"^\d{4}$")
# BibTeX field -> property for the plain literal fields of a work
WORK_FIELDS = {
    "title": DCTERMS.title, "journal": PRISM.publicationName, "booktitle": PRISM.publicationName,
    "volume": PRISM.volume, "number": PRISM.number, "pages": PRISM.pageRange, "doi": PRISM.doi,
    "isbn": PRISM.isbn, "issn": PRISM.issn, "edition": PRISM.edition, "publisher": DCTERMS.publisher,
    "institution": DCTERMS.publisher, "school": DCTERMS.publisher, "organization": DCTERMS.publisher,
    "note": SKOS.note,
}


# terms of the hot path (work), looked up once
_TYPE, _LABEL, _EXPRESSION = RDF.type, RDFS.label, FABIO.Expression
_KEY, _BIBTEX_TYPE, _KEYWORD = KG.citationKey, KG.bibtexType, PRISM.keyword
_CREATOR, _CITATION, _POSITION = DCTERMS.creator, DCTERMS.bibliographicCitation, KG.authorPosition
_ORGANIZATION, _NAME, _FAMILY, _GIVEN = FOAF.Organization, FOAF.name, FOAF.familyName, FOAF.givenName
# field -> (property, datatype, pattern the value must match to carry the datatype; None: always)
_TYPED_FIELDS = {"year": (FABIO.hasPublicationYear, XSD.gYear, YEAR), "date": (DCTERMS.issued, XSD.date, ISO_DATE),
                 "urldate": (KG.accessed, XSD.date, ISO_DATE), "url": (FABIO.hasURL, XSD.anyURI, None)}


def build(study: model.Study) -> list[Triple]:
    """All triples of a checked study."""
    iri = Minter(study.info.id, study.info.base)
    out: list[Triple] = []
    b = _Builder(iri, study, out)
    b.study()
    if study.work_ntriples is None:  # else the parallel reader wrote them (kg.ingest)
        for work in study.works.values():
            b.work(work)
    for section in model.SECTIONS:
        if section != "study":
            handler = getattr(b, section)
            for record in study.section(section):
                handler(record)
    return out


class _Builder:
    def __init__(self, iri: Minter, study: model.Study, out: list[Triple]):
        self.iri, self.data, self.out = iri, study, out
        self.manuscript = iri.work(study.info.manuscript)
        # evidence ids are unique across these sections (checked), so an id names one record
        self.evidence = {rec.id: iri.of(sec, rec.id) for sec in model.EVIDENCE.split("|")
                         for rec in study.section(sec)}
        self.interviews_of: dict[str, list[str]] = {}
        for interview in study.section("interviews"):
            self.interviews_of.setdefault(interview.respondent, []).append(iri.of("interviews", interview.id))

    def add(self, s: str, p: str, o: str | Lit | None) -> None:
        if o is not None and o != "":
            self.out.append((s, p, o))

    def text(self, s: str, p: str, value: str | None) -> None:
        if value:
            self.out.append((s, p, Lit(value)))

    def refs(self, s: str, p: str, section: str, ids: tuple[str, ...]) -> None:
        for ident in ids:
            self.out.append((s, p, self.iri.of(section, ident)))

    def about(self, s: str, rec: object) -> None:
        """The themes, actors, tools and section a record carries, whichever it has."""
        self.refs(s, KG.hasTheme, "themes", getattr(rec, "themes", ()))
        self.refs(s, KG.concernsActor, "actors", getattr(rec, "actors", ()))
        self.refs(s, KG.concernsTool, "tools", getattr(rec, "tools", ()))
        self.refs(s, KG.concernsInstitution, "institutions", getattr(rec, "institutions", ()))
        self.text(s, KG.section, getattr(rec, "section", None))

    # -- the study and its works ---------------------------------------------------------

    def study(self) -> None:
        info, s = self.data.info, self.iri.study
        self.add(s, RDF.type, KG.Study)
        self.text(s, DCTERMS.title, info.title)
        self.text(s, RDFS.label, info.title)
        self.add(s, KG.manuscript, self.manuscript)
        self.text(s, DCTERMS.description, info.description)
        self.text(s, SKOS.note, info.licence)
        for scheme, cls, label in ((self.iri.codebook, KG.Codebook, "Codebook"),
                                   (self.iri.tool_taxonomy, KG.ToolTaxonomy, "Tools")):
            self.add(scheme, RDF.type, cls)
            self.add(scheme, RDF.type, SKOS.ConceptScheme)
            self.text(scheme, RDFS.label, f"{label} of {info.title}")
            self.add(scheme, DCTERMS.isPartOf, s)

    def work(self, work: model.Work) -> None:
        """A BibTeX entry's triples. Written for speed: a big bibliography runs this 100k times."""
        w = self.iri.work(work.key)
        out = self.out.append
        out((w, _TYPE, _EXPRESSION))
        cls = BIBTEX_CLASSES.get(work.entry_type, _EXPRESSION)
        if cls != _EXPRESSION:
            out((w, _TYPE, cls))
        out((w, _KEY, Lit(work.key)))
        out((w, _BIBTEX_TYPE, Lit(work.entry_type)))
        for name, value in work.fields.items():
            prop = WORK_FIELDS.get(name)
            if prop is not None and value:
                out((w, prop, Lit(value)))
            elif name in _TYPED_FIELDS and value:
                prop, datatype, pattern = _TYPED_FIELDS[name]
                out((w, prop, Lit(value, datatype) if pattern is None or pattern.match(value) else Lit(value)))
            elif name == "keywords":
                for keyword in value.split(","):
                    if keyword.strip():
                        out((w, _KEYWORD, Lit(keyword.strip())))
        position = 0
        for person in work.authors:
            if person.others:
                continue
            position += 1
            a = f"{w}/author/{position}"
            out((w, _CREATOR, a))
            out((a, _NAME, Lit(person.display)))
            if person.corporate:  # an organisation has a name; a person also has family and given names
                out((a, _TYPE, _ORGANIZATION))
            else:
                out((a, _FAMILY, Lit(f"{person.von} {person.family}" if person.von else person.family)))
                if person.given:
                    out((a, _GIVEN, Lit(person.given)))
            out((a, _POSITION, Lit(str(position), XSD.integer)))
        et_al = position != len(work.authors)
        if et_al:
            out((w, KG.etAl, lit(True)))
        cite = Lit(short_citation(work, et_al))
        out((w, _CITATION, cite))
        out((w, _LABEL, cite))

    # -- annotations, one method per section of kg.model.SECTIONS ----------------------------

    def statement(self, section: str, cls: str, rec, label: str | None = None) -> str:
        """What every statement of the manuscript has (question, finding, claim, conclusion):
        its class, a label, its verbatim text, and that it is part of the manuscript."""
        s = self.iri.of(section, rec.id)
        self.add(s, RDF.type, cls)
        self.text(s, RDFS.label, label or rec.id)
        self.text(s, KG.text, rec.text)
        self.add(s, DCTERMS.isPartOf, self.manuscript)
        return s

    def research_questions(self, rq: model.ResearchQuestion) -> None:
        s = self.statement("research_questions", KG.ResearchQuestion, rq, rq.id.upper())
        self.about(s, rq)

    def _concept(self, s: str, cls: str, scheme: str, label: str, definition: str,
                 parent: str | None, section: str) -> None:
        self.add(s, RDF.type, cls)
        self.add(s, RDF.type, SKOS.Concept)
        self.add(s, SKOS.inScheme, scheme)
        self.text(s, SKOS.prefLabel, label)
        self.text(s, RDFS.label, label)
        self.text(s, SKOS.definition, definition)
        if parent:
            p = self.iri.of(section, parent)
            self.add(s, SKOS.broader, p)
            self.add(p, SKOS.narrower, s)
        else:
            self.add(s, SKOS.topConceptOf, scheme)
            self.add(scheme, SKOS.hasTopConcept, s)

    def themes(self, theme: model.Theme) -> None:
        s = self.iri.of("themes", theme.id)
        self._concept(s, KG.Theme, self.iri.codebook, theme.label, theme.definition, theme.parent, "themes")
        self.refs(s, KG.answers, "research_questions", theme.research_questions)
        self.about(s, theme)
        if theme.verdict:
            self.add(s, KG.recordedVerdict, VERDICT_TERMS[theme.verdict])
        self.text(s, KG.verdictNote, theme.verdict_note)

    def respondents(self, r: model.Respondent) -> None:
        s = self.iri.of("respondents", r.id)
        self.add(s, RDF.type, KG.RespondentGroup if r.kind == "group" else KG.Respondent)
        self.text(s, RDFS.label, r.label)
        self.refs(s, FOAF.member, "respondents", r.members)
        self.text(s, KG.roleLevel, r.role)
        self.text(s, KG.organisationType, r.organisation)
        self.text(s, SKOS.note, r.note)

    def interviews(self, i: model.Interview) -> None:
        s = self.iri.of("interviews", i.id)
        self.add(s, RDF.type, KG.Interview)
        self.text(s, RDFS.label, f"Interview {i.id}")
        self.add(s, PROV.wasAssociatedWith, self.iri.of("respondents", i.respondent))
        self.text(s, DCTERMS.temporal, i.period)
        self.text(s, KG.interviewFormat, i.format)
        self.text(s, KG.interviewMode, i.mode)
        self.text(s, SKOS.note, i.note)

    def excerpts(self, e: model.Excerpt) -> None:
        s = self.iri.of("excerpts", e.id)
        target, selector = f"{s}#target", f"{s}#selector"
        self.add(s, RDF.type, KG.Excerpt)
        self.add(s, RDF.type, OA.Annotation)
        self.add(s, OA.motivatedBy, OA.classifying)
        self.refs(s, OA.hasBody, "themes", e.themes)
        self.add(s, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.manuscript)
        self.add(target, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.text(selector, OA.exact, e.text)
        self.text(s, KG.text, e.text)
        self.text(s, RDFS.label, e.id)
        self.add(s, KG.voicedBy, self.iri.of("respondents", e.respondent))
        for interview in self.interviews_of.get(e.respondent, ()):
            self.add(s, PROV.wasDerivedFrom, interview)
        self.text(s, KG.citedAs, e.cited_as)
        self.text(s, SKOS.note, e.note)
        self.about(s, e)

    def findings(self, f: model.Finding) -> None:
        s = self.statement("findings", KG.Finding, f)
        self.refs(s, KG.voicedBy, "respondents", f.respondents)
        self.text(s, SKOS.note, f.note)
        self.about(s, f)

    def claims(self, c: model.Claim) -> None:
        s = self.statement("claims", KG.Claim, c)
        if c.own:
            self.add(s, KG.isAuthorsOwn, lit(True))
        for n, cit in enumerate(c.cites, start=1):
            w, stance = self.iri.work(cit.work), STANCE_PROPERTIES[cit.stance]
            self.add(s, CITO.cites, w)
            self.add(s, stance, w)
            node = f"{s}/citation/{n}"
            self.add(node, RDF.type, CITO.Citation)
            self.add(node, CITO.hasCitingEntity, s)
            self.add(node, CITO.hasCitedEntity, w)
            self.add(node, CITO.hasCitationCharacterization, stance)
            self.text(node, KG.pagesCited, cit.pages)
            if cit.via:
                self.add(node, KG.citedVia, self.iri.work(cit.via))
        self.text(s, SKOS.note, c.note)
        self.about(s, c)

    def actors(self, a: model.Actor) -> None:
        s = self.iri.of("actors", a.id)
        self.add(s, RDF.type, KG.Actor)
        self.add(s, RDF.type, ACTOR_KIND_CLASSES[a.kind])
        self.text(s, RDFS.label, a.label)
        if a.wikidata:
            self.add(s, OWL.sameAs, WIKIDATA + a.wikidata)
        self.refs(s, FOAF.member, "actors", a.members)
        self.text(s, SKOS.definition, a.definition)

    def tools(self, t: model.Tool) -> None:
        s = self.iri.of("tools", t.id)
        self._concept(s, KG.Tool, self.iri.tool_taxonomy, t.label, t.definition, t.parent, "tools")

    def institutions(self, i: model.Institution) -> None:
        s = self.iri.of("institutions", i.id)
        self.add(s, RDF.type, KG.Institution)
        self.text(s, RDFS.label, i.label)
        self.text(s, KG.institutionKind, i.kind)
        if i.actor:
            self.add(s, KG.operatedBy, self.iri.of("actors", i.actor))
        self.refs(s, KG.servesTool, "tools", i.tools)
        self.text(s, SKOS.definition, i.definition)
        if i.wikidata:
            self.add(s, OWL.sameAs, WIKIDATA + i.wikidata)

    def statistics(self, st: model.Statistic) -> None:
        s = self.iri.of("statistics", st.id)
        self.add(s, RDF.type, KG.Statistic)
        self.text(s, RDFS.label, st.label)
        self.add(s, KG.value, Lit(_decimal(st.value), XSD.decimal))
        self.text(s, KG.unit, st.unit)
        self.text(s, KG.counts, st.counts)
        self.text(s, DCTERMS.date, st.date)
        self.add(s, DCTERMS.source, self.iri.work(st.source))
        self.add(s, KG.sourceStated, lit(st.source_stated))
        self.text(s, KG.text, st.quote)
        self.about(s, st)

    def tool_uses(self, u: model.ToolUse) -> None:
        s = self.iri.of("tool_uses", u.id)
        actor, tool = self.iri.of("actors", u.actor), self.iri.of("tools", u.tool)
        self.add(s, RDF.type, KG.ToolUse)
        self.add(s, KG.actor, actor)
        self.add(s, KG.tool, tool)
        self.add(actor, KG.usesTool, tool)
        for ident in u.evidence:
            self.add(s, KG.evidence, self.evidence[ident])
        self.refs(s, KG.through, "institutions", u.institutions)
        self.text(s, SKOS.note, u.note)

    def conclusions(self, c: model.Conclusion) -> None:
        s = self.statement("conclusions", KG.Conclusion, c)
        self.refs(s, KG.answers, "research_questions", c.research_questions)
        for ident in c.evidence:
            self.add(s, KG.evidence, self.evidence[ident])
        self.about(s, c)


def _decimal(value: float) -> str:
    """The number as an xsd:decimal: digits and a point, never an exponent (repr(1e-05) has one), and
    as YAML wrote it (1.0e+300 is 1 and 300 zeros, not int(1e300)'s 1000000000000000052504...)."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(float(value))), "f").removesuffix(".0")


def short_citation(work: model.Work, et_al: bool) -> str:
    """'Nye (2004)', 'Brannagan and Giulianotti (2018)', 'Roselle et al. (2014)'."""
    names = [p.family if not p.von else f"{p.von} {p.family}" for p in work.authors if not p.others]
    if not names:
        names = [p.family for p in work.editors] or [work.get("title") or work.key]
    if len(names) == 1 and not et_al:
        who = names[0]
    elif len(names) == 2 and not et_al:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} ({work.get('year') or 'n.d.'})"
