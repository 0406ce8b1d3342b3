"""Readers: input files -> model records, each with its 1-based Location."""
