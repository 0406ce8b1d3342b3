"""The embedded store (pyoxigraph) and RDF serialisation.

Chosen by measurement (README, "Choosing the store"): on 1M triples pyoxigraph bulk-loads
N-Triples ~7x faster than rdflib's Graph.add and answers the coverage aggregate ~18x faster,
and `import pyoxigraph` costs a fraction of `import rdflib`.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from kg.graph.iris import SEGMENTS, Minter
from kg.vocab import DCTERMS, PREFIXES, RDF


class StudyGraph:
    """One study's graph, wherever it is stored: the embedded store (default graph), an on-disk
    pyoxigraph store or a remote SPARQL endpoint (the study's named graph). Every command reads
    through `query` and `triples`, so each runs unchanged on all three."""

    def __init__(self, store, iri: str, graph: str | None = None):
        self.store = store  # ox.Store or kg.graph.remote.RemoteStore
        self.iri = iri
        self.graph = graph  # the named graph holding the study; None: the store's default graph

    def query(self, text: str, *, prefixes: dict[str, str] | None = None, substitutions: dict | None = None):
        if isinstance(self.store, ox.Store):
            default = [ox.NamedNode(self.graph)] if self.graph else None
            return self.store.query(text, prefixes=prefixes, substitutions=substitutions, default_graph=default)
        return self.store.query(text, prefixes=prefixes, substitutions=substitutions, default_graph=self.graph)

    def triples(self, s=None, p=None, o=None):
        """(subject, predicate, object) pyoxigraph terms matching a pattern (None: any)."""
        if isinstance(self.store, ox.Store):
            graph = ox.NamedNode(self.graph) if self.graph else ox.DefaultGraph()
            return ((q.subject, q.predicate, q.object) for q in self.store.quads_for_pattern(s, p, o, graph))
        terms = {ox.Variable("s"): s, ox.Variable("p"): p, ox.Variable("o"): o}
        bound = {k: v for k, v in terms.items() if v is not None}
        rows = self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", substitutions=bound or None)
        return ((r["s"], r["p"], r["o"]) for r in rows)

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(rows))["n"].value)

    @property
    def minter(self) -> Minter:
        return Minter("", base=self.iri)

    @property
    def prefixes(self) -> dict[str, str]:
        return prefixes_for(self.iri)

    @property
    def title(self) -> str:
        return next((o.value for _, _, o in self.triples(ox.NamedNode(self.iri), ox.NamedNode(DCTERMS.title))), "")


# --format name -> (pyoxigraph format, file suffix)
FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, ".ttl"),
    "nt": (ox.RdfFormat.N_TRIPLES, ".nt"),
    "nq": (ox.RdfFormat.N_QUADS, ".nq"),
    "trig": (ox.RdfFormat.TRIG, ".trig"),
    "xml": (ox.RdfFormat.RDF_XML, ".rdf"),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
}
STUDY_PREFIXES = dict(PREFIXES, wd="http://www.wikidata.org/entity/")


def load_store(ntriples: str | bytes, store: ox.Store | None = None) -> ox.Store:
    """An in-memory store (or the given one) holding the triples, in its default graph. The text is
    kg's own (its builder's, or its cache of them), whose IRIs kg.graph.terms has already made
    valid: the loader skips validating them again (lenient), 25% faster (10.0 s -> 7.5 s at 3.3M)."""
    store = store if store is not None else ox.Store()
    data = ntriples.encode("utf-8") if isinstance(ntriples, str) else ntriples
    store.bulk_load(data, ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def open_disk_store(path, *, read_only: bool = False) -> ox.Store:
    """A persistent pyoxigraph store; a clear error when it is missing or in use."""
    from pathlib import Path

    from kg.errors import KgError, display_path

    folder = Path(path)
    if read_only and not (folder / "CURRENT").exists():
        raise KgError(f"{display_path(folder)}: no kg store here; create it with `kg build --store {folder}`")
    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as exc:
        raise KgError(f"{display_path(folder)}: cannot open the store ({exc}); is another kg writing to it?") from None


def replace_graph(store: ox.Store, graph: str, ntriples: bytes) -> None:
    """Load a study into its named graph, replacing the old one in one step: the new triples go to
    a staging graph first, then one MOVE swaps them in, so readers see the old or the new graph."""
    stage_graph(store, graph, ntriples)
    swap_graph(store, graph)


def stage_graph(store: ox.Store, graph: str, ntriples: bytes) -> None:
    """The slow half of `replace_graph`: load the staging graph (a kill here leaves the old graph)."""
    staging = ox.NamedNode(graph + "#staging")
    store.update(f"DROP SILENT GRAPH {staging}")
    store.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES, to_graph=staging)


def swap_graph(store: ox.Store, graph: str) -> None:
    """The quick half: one transaction replaces the graph with its staged copy."""
    store.update(f"MOVE SILENT <{graph}#staging> TO <{graph}>")
    store.flush()


_C1 = re.compile(rb"\x7f|\xc2[\x80-\x9f]")  # DEL and C1, as UTF-8 bytes
SORTED_UP_TO = 200_000  # triples; sorting term objects in Python takes 24 s at 3.3M


def serialize(store: ox.Store, fmt: str, study_iri: str) -> bytes:
    """The store's default graph in an RDF format; quad formats put it in the study's named graph.
    Up to SORTED_UP_TO triples they are sorted, so each subject's triples stand together, its type
    first, and the file diffs well between builds; a bigger graph is written by the store itself
    (2.7 s at 3.3M triples), unsorted: in the store's own order (pyoxigraph 0.5's in-memory store
    gives the build order reversed, so a record's triples still stand together)."""
    rdf_format, _ = FORMATS[fmt]
    prefixes = prefixes_for(study_iri)
    kwargs = {"prefixes": prefixes} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    if len(store) > SORTED_UP_TO:
        if rdf_format.supports_datasets:  # a scratch store holds the graph under the study's name
            scratch = ox.Store()
            scratch.bulk_load(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                              ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(study_iri), lenient=True)
            out = scratch.dump(format=rdf_format, **kwargs)
        else:
            out = store.dump(format=rdf_format, from_graph=ox.DefaultGraph(), **kwargs)
    else:
        triples = sorted((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                         key=lambda t: (str(t.subject), t.predicate.value != RDF.type, str(t.predicate), str(t.object)))
        if rdf_format.supports_datasets:
            graph = ox.NamedNode(study_iri)
            data = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        else:
            data = triples
        out = ox.serialize(data, format=rdf_format, **kwargs)
    if rdf_format == ox.RdfFormat.RDF_XML:  # written raw, a CR would be read back as LF (XML end-of-line rule)
        out = out.replace(b"\r", b"&#13;")
    elif _C1.search(out):  # the writers escape C0 but not DEL and C1 (U+009B is CSI to a terminal)
        from kg.render import escape_c1

        out = escape_c1(out.decode("utf-8")).encode("utf-8")
    return out


def prefixes_for(study_iri: str) -> dict[str, str]:
    """The vocabularies' prefixes, plus one per kind of record (theme:, claim:, work:, ...) of a study,
    which keeps local names readable in Turtle and in query results."""
    return dict(STUDY_PREFIXES, study=study_iri, **{seg: f"{study_iri}{seg}/" for seg in SEGMENTS.values()})


def compact(iri: str, prefixes: dict[str, str] = STUDY_PREFIXES) -> str:
    """`kg:Claim` or `theme:x` for a known namespace, else the IRI in angle brackets."""
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def class_counts(store: ox.Store) -> list[tuple[str, int]]:
    """(class, number of instances), most frequent first."""
    q = f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF.type}> ?c }} GROUP BY ?c ORDER BY DESC(?n) ?c"
    return [(compact(row["c"].value), int(row["n"].value)) for row in store.query(q)]
