"""Shared fixtures: the tiny project, a way to break it, and the bundled study built once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
BAD = DATA / "bad"


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory, monkeypatch):
    """Never write into the user's ~/.cache from a test."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kg-cache"))


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A fresh, writable copy of the tiny project."""
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def bundled():
    """The bundled study, built and validated once for the whole session."""
    from kg import pipeline

    return pipeline.build()


@pytest.fixture(scope="session")
def bundled_store(bundled):
    return bundled.store()


def expectation(path: Path) -> tuple[str, str]:
    """A bad file's first line: '% expect: 3: text' or '# expect: 4:5: text' -> ('3', 'text')."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    _, _, rest = first.partition("expect: ")
    where, _, text = rest.partition(": ")
    return where, text
