"""kg: a literature and citation knowledge graph for qualitative research."""
__version__ = "0.1.0"
