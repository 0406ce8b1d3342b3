"""The annotation field list as Markdown, generated from kg.model (printed by `kg schema`;
docs/annotations.md holds the same text between its schema markers, checked by a test)."""
from __future__ import annotations

from kg import model
from kg.check.references import SINGULAR

INTROS = {
    "study": "(a mapping, exactly one)",
    "themes": "(the codebook, a SKOS concept scheme)",
    "excerpts": "(coded quotes, as W3C Web Annotations)",
    "findings": "(what the manuscript reports of the interviews, in its own words)",
    "claims": "(statements of the manuscript and the works they cite, with CiTO)",
    "actors": "(countries, blocs, organisations)",
    "tools": "(tools of influence and the counter-tools of a target country, a SKOS concept scheme)",
    "institutions": "(agencies, institutes, programmes, initiatives)",
    "tool_uses": "(actor uses tool, and on whose evidence)",
}
KINDS = {"slug": "slug", "text": "text", "verbatim": "verbatim text", "path": "path", "iri": "IRI",
         "wikidata": "Wikidata id (`Q159`)", "number": "number", "bool": "boolean", "section": "section"}


def _type(spec: model.Spec) -> str:
    if spec.kind in KINDS:
        return KINDS[spec.kind]
    if spec.kind == "enum":
        return ", ".join(f"`{v}`" for v in spec.values)
    if spec.kind == "citations":
        return "list of citations"
    names = [SINGULAR[t] for t in spec.ref.split("|")]
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    if spec.kind == "ref":
        return what if "works" in spec.ref.split("|") else f"{what} id"
    plural = "citation keys" if spec.ref == "works" else f"{what} ids"
    return f"list of {plural}" + (f" (at least {spec.min_items})" if spec.min_items else "")


def _table(cls: type) -> list[str]:
    required = model.required(cls)
    lines = ["| field | required | type | meaning |", "|---|---|---|---|"]
    for name, spec in model.specs(cls).items():
        lines.append(f"| `{name}` | {'yes' if name in required else 'no'} | {_type(spec)} | {spec.doc} |")
    return lines


def markdown() -> str:
    out: list[str] = []
    for section, cls in model.SECTIONS.items():
        intro = INTROS.get(section)
        out.append(f"### `{section}`" + (f" {intro}" if intro else ""))
        out.extend(_table(cls))
        out.append("")
        if section == "claims":
            out.append("A citation (an item of `cites`):")
            out.extend(_table(model.Citation))
            out.append("")
    return "\n".join(out).rstrip() + "\n"
