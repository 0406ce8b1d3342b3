"""Checks: cross-references before any RDF is built (references), SHACL after (shacl)."""
