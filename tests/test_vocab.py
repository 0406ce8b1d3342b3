"""The ontology is the single source of truth: kg/vocab.py is generated from it and current,
unknown terms fail loudly, every kg: term is documented, and the shapes use only known terms."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import resources, vocab
from kg.vocab import KG, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_vocab  # noqa: E402


def test_generated_vocab_is_current():
    assert (ROOT / "kg" / "vocab.py").read_text(encoding="utf-8") == gen_vocab.generate(), \
        "kg/vocab.py is stale: run python scripts/gen_vocab.py"


def test_a_misspelt_term_fails_loudly():
    assert KG.Claim == "https://w3id.org/kg/ns#Claim"
    with pytest.raises(AttributeError, match="not a term"):
        KG.Cliam  # noqa: B018


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path.read_bytes(), ox.RdfFormat.TURTLE)
    return store


def test_every_kg_term_has_a_label_and_a_definition():
    store = _store(resources.ontology_file())
    for iri in KG:
        term = ox.NamedNode(iri)
        labels = list(store.quads_for_pattern(term, ox.NamedNode(RDFS.label), None))
        definitions = list(store.quads_for_pattern(term, ox.NamedNode(SKOS.definition), None))
        assert len(labels) == 1 and len(definitions) == 1, f"{iri} needs one rdfs:label and one skos:definition"


def test_shapes_use_only_terms_the_ontology_knows():
    text = resources.shapes_file().read_text(encoding="utf-8")
    prefixes = dict(re.findall(r"^@prefix\s+(\w*):\s*<([^>]+)>", text, flags=re.M))
    namespaces = {ns.iri: ns for ns in vars(vocab).values() if hasattr(ns, "_terms")}
    store = _store(resources.shapes_file())
    used = {t.value for q in store for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    checked = 0
    rdf_lists = {vocab.RDF.iri + t for t in ("first", "rest", "nil")}  # SHACL's list syntax
    for iri in used - rdf_lists:
        for ns_iri, ns in namespaces.items():
            if iri.startswith(ns_iri) and ns_iri in prefixes.values():
                assert iri in ns, f"shapes.ttl uses {iri}, which kg's ontology does not list"
                checked += 1
    assert checked > 30


def test_token_maps_cover_the_schema():
    from kg import model

    assert set(model.STANCES) == {"supports", "background", "contrasts", "method", "data"}
    assert set(model.VERDICTS) == {"agreement", "partial-agreement", "silence", "dissonance"}
    assert vocab.BIBTEX_CLASSES["article"] == vocab.FABIO.JournalArticle
    assert vocab.STANCE_PROPERTIES["supports"] == vocab.CITO.obtainsSupportFrom
