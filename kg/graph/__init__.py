"""The RDF side: terms, IRIs, model -> triples, stores."""
