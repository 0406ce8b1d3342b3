"""The parallel reader of big bibliographies gives the same graph, and the same problems at the
same lines, as the sequential one."""
from __future__ import annotations

import shutil

import pytest

from kg import ingest, pipeline, resources
from kg.errors import InputError


@pytest.fixture
def bundled_copy(tmp_path):
    root = tmp_path / "study"
    shutil.copytree(resources.bundled_project() / "bib", root / "bib")
    shutil.copytree(resources.bundled_project() / "study", root / "study")
    return root


def lines(text: str) -> set[str]:
    return set(text.splitlines())


def test_parallel_and_sequential_builds_are_the_same_graph(bundled_copy, monkeypatch):
    sequential = pipeline.build(bundled_copy, validate=False)
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 2)
    parallel = pipeline.build(bundled_copy)  # validated: SHACL sees the works the annotations cite
    assert parallel.study.work_ntriples is not None  # the parallel path ran
    assert lines(parallel.ntriples) == lines(sequential.ntriples)
    assert len(parallel.store()) == len(sequential.store())


def test_parallel_problems_keep_their_lines(bundled_copy, monkeypatch):
    bib = bundled_copy / "bib" / "soft-power-kazakhstan.bib"
    text = bib.read_text(encoding="utf-8")
    bad = "\n@misc{nye2004,\n  author = {Twice},\n  year = {2004}\n}\n\n@misc{broken,\n  note = undefinedmacro\n}\n"
    bib.write_text(text + bad, encoding="utf-8")
    n = text.count("\n")
    expected = [f"soft-power-kazakhstan.bib:{n + 2}: ", f"soft-power-kazakhstan.bib:{n + 8}: "]
    with pytest.raises(InputError) as sequential:
        pipeline.load(bundled_copy)
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 2)
    with pytest.raises(InputError) as parallel:
        pipeline.load(bundled_copy)
    for where in expected:
        assert where in str(sequential.value) and where in str(parallel.value)
    assert "unknown macro 'undefinedmacro'" in str(parallel.value)
    assert "duplicate key 'nye2004'" in str(parallel.value)


def test_string_macros_reach_every_worker():
    text = "@string{fps = {Frontiers}}\n" + "".join(f"@misc{{k{i}, journal = fps}}\n" for i in range(40))
    prelude, rest = ingest.string_prelude(text)
    assert prelude == "@string{fps = {Frontiers}}\n" and rest.count("\n") == text.count("\n")
    pieces = ingest.chunks(rest, 4)
    assert len(pieces) > 1 and "".join(chunk for _, chunk in pieces) == rest
