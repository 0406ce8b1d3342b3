"""Where the ontology and the bundled study are: inside an installed wheel (kg/_bundled/, put
there at build time by pyproject's force-include) or at the top of a source checkout. One copy
of each is kept in the repository."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
ROOT = _BUNDLED if _BUNDLED.is_dir() else _PACKAGE.parent


def ontology_dir() -> Path:
    return ROOT / "ontology"


def ontology_file() -> Path:
    return ontology_dir() / "kg.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def bundled_project() -> Path:
    """The bundled study: a folder holding bib/ and study/."""
    return ROOT
