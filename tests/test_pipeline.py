"""The pipeline's cache: later commands reuse the last build until an input changes."""
from __future__ import annotations

import pyoxigraph as ox

from kg import pipeline


def test_cached_graph_is_reused_until_an_input_changes(tiny, monkeypatch):
    built = pipeline.build(tiny)
    pipeline.save_cache(built)
    calls = []
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: calls.append(a) or built)

    data, meta = pipeline.cached_ntriples(tiny)
    assert calls == [] and meta["study"] == "tiny"
    assert len(list(ox.parse(data, ox.RdfFormat.N_TRIPLES))) == len(built.triples)

    theme_file = tiny / "study" / "codebook.yaml"
    theme_file.write_text(theme_file.read_text().replace("China's soft power meets limits", "China's soft power is limited"))
    pipeline.cached_ntriples(tiny)
    assert len(calls) == 1  # stale: rebuilt


def test_a_graph_round_trips_through_turtle(tiny):
    from kg.graph.store import serialize

    built = pipeline.build(tiny)
    store = built.store()
    again = ox.Store()
    again.load(serialize(store, "turtle", built.iri), ox.RdfFormat.TURTLE)
    assert set(again) == set(store)


def test_a_big_graph_validates_what_the_annotations_cite(tiny, monkeypatch):
    """Above SHACL_ALL_UP_TO triples SHACL sees the annotations and the works they cite, on either
    reader: a claim's cited work must be there (it was missing on the serial path once)."""
    from kg import ingest

    monkeypatch.setattr(pipeline, "SHACL_ALL_UP_TO", 0)
    (tiny / "bib" / "extra.bib").write_text("@misc{uncited2000,\n  title = {Cited by no one},\n  year = {2000}\n}\n")
    for parallel in (False, True):
        monkeypatch.setattr(ingest, "worth_it", lambda texts: parallel)
        built = pipeline.build(tiny)
        subject = pipeline.shacl_subject(built)
        assert "/work/gill2006> <https://w3id.org/kg/ns#citationKey>" in subject
        assert "/work/uncited2000> " not in subject  # cited by no annotation: not validated again


def test_a_big_graph_is_written_by_the_store_in_every_format(tiny, monkeypatch):
    """Above SORTED_UP_TO triples the store writes the file itself (unsorted): same triples, and
    the quad formats still put them in the study's named graph."""
    from kg.graph import store as st

    built = pipeline.build(tiny)
    store = built.store()
    expected = {q.triple for q in store}
    monkeypatch.setattr(st, "SORTED_UP_TO", 0)
    for fmt, (rdf_format, _) in st.FORMATS.items():
        again = ox.Store()
        again.load(st.serialize(store, fmt, built.iri), rdf_format)
        assert {q.triple for q in again} == expected, fmt
        graphs = {q.graph_name for q in again}
        assert graphs == ({ox.NamedNode(built.iri)} if rdf_format.supports_datasets else {ox.DefaultGraph()}), fmt
