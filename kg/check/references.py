"""Every reference of the annotations resolves, before any RDF is built.

Follows the schema (kg.model): each `ref`/`refs` field names the section(s) it points into,
so a new field is checked without new code here. Adds the checks the schema cannot state:
hierarchy cycles, verbatim text, claims that neither cite nor are the authors' own.
"""
from __future__ import annotations

from kg import model
from kg.errors import Location, Report
from kg.read.study import closest
from kg.vocab import BIBTEX_CLASSES

SINGULAR = {"research_questions": "research question", "themes": "theme", "respondents": "respondent",
            "interviews": "interview", "excerpts": "excerpt", "findings": "finding", "claims": "claim",
            "actors": "actor", "tools": "tool", "institutions": "institution", "statistics": "statistic",
            "tool_uses": "tool use", "conclusions": "conclusion", "works": "citation key"}


def check_study(study: model.Study, report: Report) -> None:
    known = {name: {r.id for r in study.section(name)} for name in model.SECTIONS if name != "study"}
    known["works"] = set(study.works)
    _check_evidence_ids(study, report)
    _check_refs(study.info, "study", known, report)
    for section in model.SECTIONS:
        if section == "study":
            continue
        for rec in study.section(section):
            _check_refs(rec, section, known, report)
            if section == "claims":
                for cit in rec.cites:
                    _check_refs(cit, "claims", known, report, owner=rec)
                if not rec.cites and not rec.own:
                    report.error(rec.locs[""], f"claim '{rec.id}' cites no work; add 'cites:' or mark it 'own: true'")
    _check_respondent_kinds(study, report)
    for section in ("themes", "tools"):
        _check_cycles(study.section(section), SINGULAR[section], report)
    if study.text is not None:
        _check_verbatim(study, report)
    for work in study.works.values():
        if work.entry_type not in BIBTEX_CLASSES:
            report.warning(work.loc, f"entry type '@{work.entry_type}' of '{work.key}' is not known; "
                                     "kept as a generic work (fabio:Expression)")


def _where(rec: object, name: str, index: int | None = None) -> Location:
    locs = rec.locs
    key = f"{name}[{index}]" if index is not None else name
    return locs.get(key) or locs.get(name) or locs[""]


def _check_refs(rec: object, section: str, known: dict[str, set[str]], report: Report,
                owner: object | None = None) -> None:
    subject = owner or rec
    label = SINGULAR.get(section, section)
    who = f"{label} '{subject.id}'" if section != "study" else "the study"
    for name, spec in model.specs(type(rec)).items():
        if spec.kind not in ("ref", "refs"):
            continue
        value = getattr(rec, name)
        items = [value] if spec.kind == "ref" else list(value)
        targets = spec.ref.split("|")
        pool = set().union(*(known[t] for t in targets))
        kinds = " or ".join(SINGULAR[t] for t in targets)
        for i, ident in enumerate(items):
            if ident is None or ident in pool:
                continue
            loc = _where(rec, name, i if spec.kind == "refs" else None)
            defined_by = "no BibTeX entry defines" if targets == ["works"] else f"which no {kinds} defines"
            if targets == ["works"]:
                report.error(loc, f"{who} cites '{ident}', which {defined_by}{closest(ident, pool)}")
            else:
                report.error(loc, f"{who} names {kinds} '{ident}', {defined_by}{closest(ident, pool)}")


def _check_evidence_ids(study: model.Study, report: Report) -> None:
    """Evidence lists name claims, excerpts, findings and statistics by bare id: ids must not clash."""
    seen: dict[str, tuple[str, Location]] = {}
    for section in model.EVIDENCE.split("|"):
        for rec in study.section(section):
            if rec.id in seen and seen[rec.id][0] != section:
                other, where = seen[rec.id]
                report.error(rec.locs.get("id", rec.locs[""]),
                             f"id '{rec.id}' is also a {SINGULAR[other]} id (at {where}); evidence lists name "
                             "claims, excerpts, findings and statistics by id, so these ids must differ")
            seen.setdefault(rec.id, (section, rec.locs.get("id", rec.locs[""])))


def _check_respondent_kinds(study: model.Study, report: Report) -> None:
    kinds = {r.id: r.kind for r in study.section("respondents")}
    for r in study.section("respondents"):
        if r.kind == "group" and not r.members:
            report.error(r.locs[""], f"respondent group '{r.id}' lists no members")
        if r.kind != "group" and r.members:
            report.error(r.locs["members"], f"respondent '{r.id}' has members; set 'kind: group' or remove them")
        for i, m in enumerate(r.members):
            if kinds.get(m) == "group":
                report.error(_where(r, "members", i), f"group '{r.id}' lists the group '{m}'; list respondents")
    for i in study.section("interviews"):
        if kinds.get(i.respondent) == "group":
            report.error(i.locs["respondent"], f"interview '{i.id}' is with the group '{i.respondent}'; "
                                               "an interview is with one respondent")


def _check_cycles(records: list, label: str, report: Report) -> None:
    parent = {r.id: r.parent for r in records}
    by_id = {r.id: r for r in records}
    reported: set[str] = set()
    for start in parent:
        path, node = [], start
        while node in parent and node not in path:
            path.append(node)
            node = parent[node]
        if node in path:
            cycle = path[path.index(node):]
            if not reported.intersection(cycle):
                reported.update(cycle)
                first = min(cycle, key=lambda i: by_id[i].locs[""])
                chain = " -> ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
                report.error(by_id[first].locs.get("parent", by_id[first].locs[""]),
                             f"the {label} hierarchy has a cycle: {chain}; remove one 'parent'")


def _check_verbatim(study: model.Study, report: Report) -> None:
    text = study.text
    for section in model.SECTIONS:
        cls = model.SECTIONS[section]
        fields = [n for n, s in model.specs(cls).items() if s.kind == "verbatim"]
        if not fields or section == "study":
            continue
        for rec in study.section(section):
            for name in fields:
                value = getattr(rec, name)
                if value and value not in text:
                    report.error(rec.locs.get(name, rec.locs[""]),
                                 f"{SINGULAR[section]} '{rec.id}': its {name} is not in {study.info.text} "
                                 f"verbatim{_near_miss(value, text)}; copy the span exactly")


def _near_miss(value: str, text: str) -> str:
    """Where the text stops matching: the longest prefix of `value` that is in the manuscript."""
    lo, hi = 0, len(value)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if value[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 8:
        return ""
    return f" (it matches up to '…{value[max(0, lo - 20):lo]}', then differs at '{value[lo:lo + 15]}')"
