"""The smallest RDF terms kg needs, and N-Triples out of them.

The builder emits plain tuples (subject, predicate, object): IRIs are `str`, literals are `Lit`.
No RDF library is imported to build a graph; N-Triples text is what every store loads fastest
(pyoxigraph bulk load, rdflib, a SPARQL server's Graph Store endpoint).
"""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple, Union

from kg.vocab import XSD


class Lit(NamedTuple):
    value: str
    datatype: str | None = None  # None: xsd:string (or rdf:langString with lang)
    lang: str | None = None


Term = Union[str, Lit]
Triple = tuple[str, str, Term]


def lit(value: object) -> Lit:
    """A typed literal for a Python value: bool, int, float, or text."""
    if isinstance(value, bool):
        return Lit("true" if value else "false", XSD.boolean)
    if isinstance(value, int):
        return Lit(str(value), XSD.integer)
    if isinstance(value, float):
        return Lit(repr(value) if value != int(value) else str(int(value)), XSD.decimal)
    return Lit(str(value))


_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in _ESCAPES})
_ESCAPES[0x7F] = "\\u007F"
# Characters an IRI may not hold are percent-encoded (a guard: kg.graph.iris mints clean IRIs).
_IRI_ESCAPES = {ord(c): f"%{ord(c):02X}" for c in '<>"{}|^`\\ '}
_IRI_ESCAPES.update({c: f"%{c:02X}" for c in range(0x21)})


_IRI_BAD = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_STRING = XSD.string


def nt_term(term: Term) -> str:
    if type(term) is str:  # an IRI; the fast checks first: this runs for every term of a big build
        return "<" + (term.translate(_IRI_ESCAPES) if _IRI_BAD.search(term) else term) + ">"
    value = term.value
    if '"' in value or "\\" in value or not value.isprintable():
        value = value.translate(_ESCAPES)
    if term.lang:
        return f'"{value}"@{term.lang}'
    if term.datatype and term.datatype != _STRING:
        return f'"{value}"^^<{term.datatype}>'
    return f'"{value}"'


def to_ntriples(triples: Iterable[Triple]) -> str:
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples)


def block_of(ntriples: str, iri: str) -> tuple[int, int] | None:
    """Where a subject's lines stand in kg's own N-Triples, with those of the nodes under its IRI
    (`<IRI/author/1>`): the builder writes them together. None when it has none."""
    head = f"<{iri}> "
    start = 0 if ntriples.startswith(head) else ntriples.find("\n" + head) + 1
    if start == 0 and not ntriples.startswith(head):
        return None
    end = start
    while ntriples.startswith((head, f"<{iri}/"), end):
        end = ntriples.index("\n", end) + 1
    return start, end
