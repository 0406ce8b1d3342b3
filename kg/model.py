"""The study as plain dataclasses: what the readers produce and the graph builder consumes.

These classes are also the annotation schema: each field's metadata says its kind, what it
refers to and what it means. The YAML reader validates against it, the reference checker
follows its references, and `kg schema` / docs/annotations.md are generated from it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from kg import vocab
from kg.errors import Location

EVIDENCE = "claims|excerpts|findings|statistics"  # what may back a tool use or a conclusion
# The tokens the annotations may use come from the ontology (kg/vocab.py is generated from it).
VERDICTS = tuple(vocab.VERDICT_TERMS)
STANCES = tuple(vocab.STANCE_PROPERTIES)
ACTOR_KINDS = tuple(vocab.ACTOR_KIND_CLASSES)


@dataclass(frozen=True)
class Spec:
    """Schema of one annotation field."""

    kind: str  # slug text verbatim path iri wikidata number bool enum ref refs citations
    doc: str = ""
    ref: str = ""  # for ref/refs: the section(s) referred to, "|"-separated; "works" = citation keys
    values: tuple[str, ...] = ()  # for enum
    min_items: int = 0  # for refs/citations


def f(kind: str, doc: str = "", *, required: bool = False, default: Any = None, **kw: Any) -> Any:
    """A dataclass field carrying its `Spec`; optional fields default to None (or an empty tuple)."""
    meta = {"spec": Spec(kind, doc, **kw)}
    if required:
        return field(metadata=meta)
    if kind in ("refs", "citations"):
        return field(default=(), metadata=meta)
    return field(default=default, metadata=meta)


def located() -> Any:
    """Where the record and each of its fields stand in the input (not part of the schema)."""
    return field(default_factory=dict, compare=False, repr=False, metadata={"internal": True})


def _id(doc: str = "") -> Any:
    return f("slug", doc, required=True)


# -- annotations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyInfo:
    id: str = _id("names the study; its IRIs and named graph derive from it")
    title: str = f("text", "the manuscript's title", required=True)
    manuscript: str = f("ref", "the BibTeX entry of the manuscript itself", required=True, ref="works")
    text: str | None = f("path", "the manuscript's plain text, relative to `study/`; verbatim fields are checked against it")
    base: str | None = f("iri", "base IRI for the study's things (default derived from `id`)")
    licence: str | None = f("text", "licence and attribution of the study's text and annotations")
    description: str | None = f("text", "free text")
    locs: dict = located()


@dataclass(frozen=True)
class ResearchQuestion:
    id: str = _id()
    text: str = f("verbatim", "the question as the manuscript asks it", required=True)
    section: str | None = f("section")
    locs: dict = located()


@dataclass(frozen=True)
class Theme:
    id: str = _id()
    label: str = f("text", "short name", required=True)
    definition: str = f("text", "what the theme covers, in the researcher's words", required=True)
    parent: str | None = f("ref", "broader theme (`skos:broader`); no cycles", ref="themes")
    section: str | None = f("section", "where the manuscript discusses it")
    research_questions: tuple[str, ...] = f("refs", "the questions the theme answers", ref="research_questions")
    actors: tuple[str, ...] = f("refs", "the actors the theme is about", ref="actors")
    verdict: str | None = f("enum", "a triangulation verdict the researcher records by hand", values=VERDICTS)
    verdict_note: str | None = f("text", "why")
    locs: dict = located()


@dataclass(frozen=True)
class Respondent:
    id: str = _id()
    label: str = f("text", "the pseudonym as the manuscript uses it (`Respondent 2`)", required=True)
    kind: str = f("enum", "a group stands for \"the respondents\" when the manuscript does not say which",
                  values=("respondent", "group"), default="respondent")
    members: tuple[str, ...] = f("refs", "a group's members", ref="respondents")
    role: str | None = f("text", "role level, as the manuscript states it")
    organisation: str | None = f("text", "kind of organisation, as the manuscript states it")
    note: str | None = f("text")
    locs: dict = located()


@dataclass(frozen=True)
class Interview:
    id: str = _id()
    respondent: str = f("ref", required=True, ref="respondents")
    period: str | None = f("text", "when, as an ISO 8601 date or interval (`2022-06/2022-09`)")
    format: str | None = f("text", "e.g. `semi-structured`")
    mode: str | None = f("text", "e.g. `face-to-face, not recorded`, `written`; leave out when the manuscript does not say")
    note: str | None = f("text")
    locs: dict = located()


@dataclass(frozen=True)
class Excerpt:
    id: str = _id()
    respondent: str = f("ref", "who said it (a respondent, or a group)", required=True, ref="respondents")
    text: str = f("verbatim", "the quote as printed", required=True)
    themes: tuple[str, ...] = f("refs", "the codes", required=True, ref="themes", min_items=1)
    section: str | None = f("section")
    cited_as: str | None = f("text", "the manuscript's attribution, e.g. `Respondent 2, 2022`")
    actors: tuple[str, ...] = f("refs", ref="actors")
    tools: tuple[str, ...] = f("refs", ref="tools")
    note: str | None = f("text")
    locs: dict = located()


@dataclass(frozen=True)
class Finding:
    id: str = _id()
    text: str = f("verbatim", required=True)
    respondents: tuple[str, ...] = f("refs", "who the manuscript says voiced it (a group when unspecified)",
                                     required=True, ref="respondents", min_items=1)
    themes: tuple[str, ...] = f("refs", required=True, ref="themes", min_items=1)
    section: str | None = f("section")
    actors: tuple[str, ...] = f("refs", ref="actors")
    tools: tuple[str, ...] = f("refs", ref="tools")
    note: str | None = f("text")
    locs: dict = located()


@dataclass(frozen=True)
class Citation:
    work: str = f("ref", "the cited work", required=True, ref="works")
    stance: str = f("enum", "how the claim uses the work: as support (`cito:obtainsSupportFrom`), as background "
                    "(`cito:obtainsBackgroundFrom`), as a view it contrasts with (`cito:disagreesWith`), for its "
                    "method (`cito:usesMethodIn`), for its data (`cito:usesDataFrom`)", required=True, values=STANCES)
    pages: str | None = f("text", "the page(s) cited, e.g. `256`")
    via: str | None = f("ref", "the work through which this one is cited second-hand (\"Olcott, 2005 in Gnedina, 2015\")",
                        ref="works")
    locs: dict = located()


@dataclass(frozen=True)
class Claim:
    id: str = _id()
    text: str = f("verbatim", "the sentence or clause of the manuscript", required=True)
    section: str | None = f("section")
    cites: tuple[Citation, ...] = f("citations", "see below; a claim either cites at least one work or has `own: true`")
    own: bool = f("bool", "the authors' own claim, citing nothing", default=False)
    themes: tuple[str, ...] = f("refs", "the themes the claim bears on", ref="themes")
    actors: tuple[str, ...] = f("refs", ref="actors")
    tools: tuple[str, ...] = f("refs", ref="tools")
    note: str | None = f("text")
    locs: dict = located()


@dataclass(frozen=True)
class Actor:
    id: str = _id()
    label: str = f("text", required=True)
    kind: str = f("enum", required=True, values=ACTOR_KINDS)
    wikidata: str | None = f("wikidata", "linked with `owl:sameAs`")
    members: tuple[str, ...] = f("refs", "a bloc's members", ref="actors")
    definition: str | None = f("text", "how the manuscript delimits it")
    locs: dict = located()


@dataclass(frozen=True)
class Tool:
    id: str = _id()
    label: str = f("text", required=True)
    definition: str = f("text", required=True)
    parent: str | None = f("ref", "broader tool; no cycles", ref="tools")
    locs: dict = located()


@dataclass(frozen=True)
class Institution:
    id: str = _id()
    label: str = f("text", "the name as the manuscript gives it", required=True)
    kind: str = f("enum", required=True,
                  values=("agency", "institute", "programme", "media", "organisation", "initiative"))
    actor: str | None = f("ref", "the actor that runs or funds it", ref="actors")
    tools: tuple[str, ...] = f("refs", "the tools it serves", ref="tools")
    definition: str | None = f("text", "what the manuscript says it is")
    wikidata: str | None = f("wikidata")
    locs: dict = located()


@dataclass(frozen=True)
class Statistic:
    id: str = _id()
    label: str = f("text", "short name", required=True)
    value: float = f("number", required=True)
    unit: str = f("text", "e.g. `students`, `km`, `percent`", required=True)
    source: str = f("ref", "the stated source; the manuscript's own key when it states none", required=True, ref="works")
    counts: str | None = f("text", "what exactly is counted")
    date: str | None = f("text", "the date or year the figure refers to")
    source_stated: bool = f("bool", "false when the manuscript gives the figure without a source", default=True)
    quote: str | None = f("verbatim", "the span that states the figure")
    section: str | None = f("section")
    actors: tuple[str, ...] = f("refs", ref="actors")
    tools: tuple[str, ...] = f("refs", ref="tools")
    institutions: tuple[str, ...] = f("refs", ref="institutions")
    locs: dict = located()


@dataclass(frozen=True)
class ToolUse:
    actor: str = f("ref", required=True, ref="actors")
    tool: str = f("ref", required=True, ref="tools")
    evidence: tuple[str, ...] = f("refs", required=True, ref=EVIDENCE, min_items=1)
    institutions: tuple[str, ...] = f("refs", "through which the actor uses the tool", ref="institutions")
    note: str | None = f("text")
    locs: dict = located()

    @property
    def id(self) -> str:
        return f"{self.actor}--{self.tool}"


@dataclass(frozen=True)
class Conclusion:
    id: str = _id()
    text: str = f("verbatim", required=True)
    section: str | None = f("section")
    research_questions: tuple[str, ...] = f("refs", ref="research_questions")
    themes: tuple[str, ...] = f("refs", ref="themes")
    actors: tuple[str, ...] = f("refs", ref="actors")
    evidence: tuple[str, ...] = f("refs", ref=EVIDENCE)
    locs: dict = located()


# The annotation sections, in the order they are documented and built. `study` is a mapping.
SECTIONS: dict[str, type] = {
    "study": StudyInfo,
    "research_questions": ResearchQuestion,
    "themes": Theme,
    "respondents": Respondent,
    "interviews": Interview,
    "excerpts": Excerpt,
    "findings": Finding,
    "claims": Claim,
    "actors": Actor,
    "tools": Tool,
    "institutions": Institution,
    "statistics": Statistic,
    "tool_uses": ToolUse,
    "conclusions": Conclusion,
}


def specs(cls: type) -> dict[str, Spec]:
    """The schema fields of a record class, in declaration order."""
    return {fl.name: fl.metadata["spec"] for fl in dataclasses.fields(cls) if "spec" in fl.metadata}


def required(cls: type) -> set[str]:
    return {fl.name for fl in dataclasses.fields(cls) if "spec" in fl.metadata
            and fl.default is dataclasses.MISSING and fl.default_factory is dataclasses.MISSING}


# -- bibliography --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""
    von: str = ""
    jr: str = ""
    corporate: bool = False  # "{UNESCO Institute for Statistics}": a name not to be split
    others: bool = False  # BibTeX's "and others" (et al.)

    @property
    def display(self) -> str:
        if self.others:
            return "others"
        family = f"{self.von} {self.family}".strip()
        parts = [family, self.given] if self.given else [family]
        text = ", ".join(parts)
        return f"{text}, {self.jr}" if self.jr else text


@dataclass(frozen=True)
class Work:
    """One BibTeX entry, decoded to Unicode, with crossref fields inherited."""

    key: str
    entry_type: str  # lower-case BibTeX type
    fields: dict[str, str]  # decoded, lower-case field names, minus author/editor
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    loc: Location = field(default=Location(""), compare=False)

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


@dataclass
class Study:
    """Everything one project holds, read and checked: the pipeline's unit of work."""

    info: StudyInfo
    works: dict[str, Work]
    records: dict[str, list]  # section name -> records (every section of SECTIONS but "study")
    text: str | None = None  # the manuscript's plain text, when shipped
    root: str = ""
    work_ntriples: str | None = None  # the works' triples, when kg.ingest already wrote them

    def section(self, name: str) -> list:
        return self.records.get(name, [])
