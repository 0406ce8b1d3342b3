"""Vocabulary namespaces that refuse unknown terms, so a typo fails loudly at import or call
time instead of silently matching nothing in SPARQL (compare rdflib's DefinedNamespace)."""
from __future__ import annotations


class Namespace:
    """`NS.term` is the full IRI (a str); a term the ontology does not list raises AttributeError."""

    def __init__(self, iri: str, terms: str):
        self.__dict__["iri"] = iri
        self.__dict__["_terms"] = frozenset(terms.split())

    def __getattr__(self, name: str) -> str:
        if name in self._terms:
            value = self.__dict__[name] = self.iri + name  # later lookups skip __getattr__
            return value
        raise AttributeError(f"'{name}' is not a term of <{self.iri}> that kg's ontology uses; "
                             "add it to ontology/kg.ttl and run scripts/gen_vocab.py")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("namespaces are read-only")

    def __contains__(self, iri: str) -> bool:
        return iri.startswith(self.iri) and iri[len(self.iri):] in self._terms

    def __iter__(self):
        return (self.iri + t for t in sorted(self._terms))

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r}, {len(self._terms)} terms)"
