"""SHACL validation of a built graph with pySHACL, reported at the annotations' own lines.

pySHACL needs rdflib graphs; both are imported here only, so commands that only query a
built graph never pay for them.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, Location, Problem, Report, display_path

SH = "http://www.w3.org/ns/shacl#"


def check_turtle(path: Path) -> str:
    """Read a Turtle file of ours (ontology, shapes); invalid Turtle is an input error with its line."""
    import pyoxigraph as ox

    text = path.read_text(encoding="utf-8")
    try:
        list(ox.parse(text.encode(), ox.RdfFormat.TURTLE, base_iri="https://w3id.org/kg/ns"))
    except SyntaxError as exc:
        where = Location(display_path(path), exc.lineno or 0, exc.offset or 0)
        raise InputError(Report([Problem(where, f"invalid Turtle: {exc.msg}")])) from None
    return text


def validate(ntriples: str, shapes: Path, ontology: Path, locations: dict[str, Location]) -> Report:
    """Violations as problems located at the record (or bib entry) each focus node came from.
    The ontology is mixed into the data graph, so its individuals (verdicts) have their types."""
    import pyshacl
    import rdflib

    shapes_text = check_turtle(shapes)
    # rdflib's N-Triples reader is the faster one, but it re-scans a long line once per 2 KB read
    # (4 s for a 1 MB note); its Turtle reader (N-Triples is Turtle) reads such a line in linear time
    long_line = any(len(line) > 65_536 for line in ntriples.split("\n")) if len(ntriples) > 65_536 else False
    data = rdflib.Graph().parse(data=ntriples, format="turtle" if long_line else "nt")
    shapes_graph = rdflib.Graph().parse(data=shapes_text, format="turtle")
    data.parse(data=check_turtle(ontology), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    report = Report()
    if conforms:
        return report
    q = f"""SELECT ?focus ?message ?path ?value ?severity WHERE {{
        ?r a <{SH}ValidationResult> ; <{SH}focusNode> ?focus ; <{SH}resultSeverity> ?severity .
        OPTIONAL {{ ?r <{SH}resultMessage> ?message }} OPTIONAL {{ ?r <{SH}resultPath> ?path }}
        OPTIONAL {{ ?r <{SH}value> ?value }} }}"""
    for focus, message, path, value, severity in results.query(q):
        where = locate(str(focus), locations)
        detail = f" (value {value.n3()})" if value is not None else ""
        text = f"<{focus}>: {message or 'violates a shape'}{detail}"
        if str(severity) == SH + "Violation":
            report.error(where, text)
        else:
            report.warning(where, text)
    return report


def locate(iri: str, locations: dict[str, Location]) -> Location:
    """The location of the record an IRI belongs to: the IRI itself or its longest known prefix
    (`.../claim/x/citation/1` and `.../excerpt/q1#target` belong to their claim and excerpt)."""
    best = ""
    for known in locations:
        if iri.startswith(known) and len(known) > len(best) and (len(iri) == len(known) or iri[len(known)] in "/#"):
            best = known
    return locations.get(best, Location("graph"))
