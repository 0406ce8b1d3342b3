"""Triangulation coverage: for each theme, the respondents who voiced it, the works that support
or contradict it, and a verdict in the vocabulary of Farmer et al. (2006), Qualitative Health
Research 16(3): agreement, partial agreement (recorded by the researcher), silence (one source
type covers the theme and the other is silent), dissonance (contradicting evidence present).

One query fetches every piece of evidence of every theme; one pass over its rows builds the
report. Rendering lives in kg.render and kg.triangulation_view.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.graph.store import StudyGraph
from kg.vocab import KG, PREFIXES, VERDICT_TERMS

TRIANGULATED = ("agreement", "partial-agreement")
TOKEN_OF_VERDICT = {iri: token for token, iri in VERDICT_TERMS.items()}
_PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Shape matters: a leading `?theme a kg:Theme` joined with the UNION made pyoxigraph evaluate the
# UNION per theme (0.04 s -> 4.6 s at 0.3M triples, quadratic); the branches bind ?sub themselves.
_BRANCHES = """
  {{ ?e kg:voicedBy ?source ; kg:hasTheme {t} . BIND("voice" AS ?kind) }}
  UNION {{ ?e cito:obtainsSupportFrom ?source ; kg:hasTheme {t} . BIND("supports" AS ?kind) }}
  UNION {{ ?e cito:disagreesWith ?source ; kg:hasTheme {t} . BIND("contrasts" AS ?kind) }}
  {path}"""  # kg:voicedBy belongs to excerpts and findings only: no type test needed (0.49 -> 0.31 s at 1.1M)
# The report: the distinct sources of each kind per theme, aggregated by the engine (IRIs hold no spaces).
_EVIDENCE = ("SELECT ?theme ?kind (GROUP_CONCAT(DISTINCT STR(?source); separator=\" \") AS ?sources) WHERE {{"
             + _BRANCHES + "\n}} GROUP BY ?theme ?kind")
# The HTML matrix's hover: which claim, excerpt or finding links each source to each theme.
_DETAIL = "SELECT ?theme ?source ?e WHERE {{" + _BRANCHES + "\n}}"
_LABELS = ("SELECT ?s ?l WHERE {{ VALUES ?c {{ fabio:Expression kg:Respondent kg:RespondentGroup }} "
           "?s a ?c ; rdfs:label ?l }}")

_THEMES = """
SELECT ?theme ?label ?parent ?recorded ?note ?group ?actor ?actor_label ?rq ?rq_label ?respondent WHERE {
  { ?theme a kg:Theme ; skos:prefLabel ?label .
    OPTIONAL { ?theme skos:broader ?parent }
    OPTIONAL { ?theme kg:recordedVerdict ?recorded }
    OPTIONAL { ?theme kg:verdictNote ?note }
    OPTIONAL { ?theme kg:concernsActor ?actor . ?actor rdfs:label ?actor_label }
    OPTIONAL { ?theme kg:answers ?rq . ?rq rdfs:label ?rq_label } }
  UNION { ?group a kg:RespondentGroup }
  UNION { ?respondent a kg:Respondent }
}"""

@dataclass(frozen=True)
class ThemeCoverage:
    theme: str  # the theme's id
    label: str
    parent: str | None
    respondents: tuple[str, ...]  # labels of the distinct individual respondents who voiced it
    group_voiced: bool  # voiced by "the respondents" without saying which
    supporting: tuple[str, ...]  # short citations of the distinct supporting works
    contradicting: tuple[str, ...]
    verdict: str  # agreement, partial-agreement, silence, dissonance
    silent: str | None  # for silence: "literature", "interviews" or "both"
    computed: str  # the verdict the evidence gives, before any recorded one
    recorded_note: str | None
    actors: tuple[str, ...]
    research_questions: tuple[str, ...]

    @property
    def triangulated(self) -> bool:
        return self.verdict in TRIANGULATED

    @property
    def interview_voices(self) -> int:
        """Distinct respondents; a theme voiced only by an unspecified group counts as one."""
        return len(self.respondents) or (1 if self.group_voiced else 0)

    @property
    def verdict_text(self) -> str:
        if self.verdict == "silence" and self.silent:
            return f"silence ({self.silent} silent)" if self.silent != "both" else "silence (no evidence)"
        return self.verdict


class _Share:
    """How many of a collection's themes are triangulated."""

    themes: Sequence[ThemeCoverage]

    @property
    def triangulated(self) -> int:
        return sum(t.triangulated for t in self.themes)

    @property
    def percent(self) -> float:
        return 100.0 * self.triangulated / len(self.themes) if self.themes else 0.0


@dataclass(frozen=True)
class GroupCoverage(_Share):
    """Coverage of the themes about one actor, or answering one research question."""

    key: str
    label: str
    themes: tuple[ThemeCoverage, ...]


@dataclass
class CoverageReport(_Share):
    themes: list[ThemeCoverage]
    respondents: list[str]  # every respondent of the study, for the matrix's columns
    min_respondents: int
    min_works: int
    aggregate: bool

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for t in self.themes:
            out[t.verdict_text] += 1
        return dict(sorted(out.items()))

    def summary(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in self.counts().items())
        return (f"{self.triangulated} of {len(self.themes)} themes triangulated ({self.percent:.0f}%): {parts}. "
                f"Thresholds: at least {self.min_respondents} respondent(s) and {self.min_works} supporting "
                f"work(s){'; sub-themes count toward their parents' if self.aggregate else ''}.")

    def by(self, what: str) -> list[GroupCoverage]:
        """Group the themes by "actor" or "question"."""
        groups: dict[tuple[str, str], list[ThemeCoverage]] = defaultdict(list)
        for t in self.themes:
            for key_label in (t.actors if what == "actor" else t.research_questions):
                groups[tuple(key_label.split("\t", 1))].append(t)  # type: ignore[arg-type]
        return [GroupCoverage(key, label, tuple(ts)) for (key, label), ts in sorted(groups.items(), key=lambda kv: kv[0][1])]


def coverage(graph: StudyGraph, *, min_respondents: int = 1, min_works: int = 1, aggregate: bool = False) -> CoverageReport:
    """The triangulation report of a study graph."""
    prefix = _PREFIX
    themes_iri = graph.minter.of("themes", "")
    meta: dict[str, dict] = {}
    groups: set[str] = set()
    respondents: dict[str, str] = {}
    for row in graph.query(prefix + _THEMES):
        if row["group"] is not None:
            groups.add(row["group"].value)
            continue
        if row["respondent"] is not None:
            respondents[row["respondent"].value] = ""
            continue
        m = meta.setdefault(row["theme"].value, {"label": row["label"].value, "parent": None, "recorded": None,
                                                 "note": None, "actors": set(), "rqs": set()})
        if row["parent"] is not None:
            m["parent"] = row["parent"].value[len(themes_iri):]
        if row["recorded"] is not None:
            m["recorded"] = TOKEN_OF_VERDICT[row["recorded"].value]
        if row["note"] is not None:
            m["note"] = row["note"].value
        if row["actor"] is not None:
            m["actors"].add(f"{_local(row['actor'].value)}\t{row['actor_label'].value}")
        if row["rq"] is not None:
            m["rqs"].add(f"{_local(row['rq'].value)}\t{row['rq_label'].value}")

    labels = {row["s"].value: row["l"].value for row in graph.query(prefix + _LABELS.format())}
    voices: dict[str, list[str]] = defaultdict(list)
    group_voiced: set[str] = set()
    works: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in graph.query(prefix + _EVIDENCE.format(**_path(aggregate))):
        theme, kind = row["theme"].value, row["kind"].value
        for source in row["sources"].value.split(" "):
            if kind != "voice":
                works[(theme, kind)].append(source)
            elif source in groups:
                group_voiced.add(theme)
            else:
                voices[theme].append(source)

    def named(sources: list[str]) -> tuple[str, ...]:
        return tuple(sorted(labels.get(s, _local(s)) for s in sources))

    rows = []
    for theme, m in meta.items():
        who, sup, con = named(voices[theme]), named(works[(theme, "supports")]), named(works[(theme, "contrasts")])
        n_voices = len(who) or (1 if theme in group_voiced else 0)
        computed, silent = _verdict(n_voices >= min_respondents, len(sup) >= min_works, bool(con))
        verdict = m["recorded"] or computed
        rows.append(ThemeCoverage(
            theme=_local(theme), label=m["label"], parent=m["parent"], respondents=who,
            group_voiced=theme in group_voiced, supporting=sup, contradicting=con, verdict=verdict,
            silent=silent if verdict == "silence" else None, computed=computed, recorded_note=m["note"],
            actors=tuple(sorted(m["actors"])), research_questions=tuple(sorted(m["rqs"]))))
    by_id = {r.theme: r for r in rows}  # built before sorting: a list being sorted reads as empty
    rows.sort(key=lambda t: _order(t, by_id))
    respondent_labels = sorted({labels.get(r, _local(r)) for r in respondents} | {w for t in rows for w in t.respondents})
    return CoverageReport(rows, respondent_labels, min_respondents, min_works, aggregate)


def _path(aggregate: bool) -> dict[str, str]:
    """Without aggregation the branches bind ?theme themselves; with it, ?sub and its broader themes."""
    return {"t": "?sub", "path": "?sub skos:broader* ?theme ."} if aggregate else {"t": "?theme", "path": ""}


def evidence_detail(graph: StudyGraph, aggregate: bool = False) -> dict[str, dict[str, tuple[str, ...]]]:
    """theme id -> source label (a respondent, a group, a work's citation) -> the claims, excerpts and
    findings linking them (for the HTML matrix's hover)."""
    labels = {row["s"].value: row["l"].value for row in graph.query(_PREFIX + _LABELS.format())}
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in graph.query(_PREFIX + _DETAIL.format(**_path(aggregate))):
        source = row["source"].value
        out[_local(row["theme"].value)][labels.get(source, _local(source))].add(row["e"].value)
    return {t: {s: tuple(sorted(e)) for s, e in by_source.items()} for t, by_source in out.items()}


def _verdict(interviews: bool, literature: bool, contradicted: bool) -> tuple[str, str | None]:
    if contradicted:
        return "dissonance", None
    if interviews and literature:
        return "agreement", None
    if interviews:
        return "silence", "literature"
    if literature:
        return "silence", "interviews"
    return "silence", "both"


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _order(theme: ThemeCoverage, by_id: dict[str, ThemeCoverage]) -> tuple:
    """Parents first, each followed by its sub-themes, by label."""
    chain = []
    node: ThemeCoverage | None = theme
    while node is not None and len(chain) < 50:
        chain.append(node.label.lower())
        node = by_id.get(node.parent) if node.parent else None
    return tuple(reversed(chain))


def evidence_texts(graph: StudyGraph) -> dict[str, str]:
    """The verbatim text of every claim, excerpt and finding, for the HTML report's hover."""
    return {s.value: o.value for s, _, o in graph.triples(None, ox.NamedNode(KG.text))}
