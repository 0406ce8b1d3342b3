"""Every bad input in tests/data/bad: exit 2, the file:line it names, a clear message, nothing written."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import BAD, expectation
from kg import resources
from kg.cli import cli

CASES = sorted(BAD.glob("bib/*.bib")) + sorted(BAD.glob("study/*.yaml"))


@pytest.mark.parametrize("bad", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bad_input_is_reported_with_its_location(bad: Path, tiny: Path, runner, tmp_path):
    target = tiny / bad.parent.name / f"zz_{bad.name}"
    shutil.copy(bad, target)
    out = tmp_path / "out.ttl"
    out.write_text("previous output\n")

    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])

    where, text = expectation(bad)
    assert result.exit_code == 2, result.output
    assert f"zz_{bad.name}:{where}: " in result.output, result.output
    assert text in result.output, result.output
    assert "Traceback" not in result.output
    assert out.read_text() == "previous output\n"  # untouched


@pytest.mark.parametrize("bad", sorted(BAD.glob("ontology/*.ttl")), ids=lambda p: p.name)
def test_an_ontology_or_shapes_file_edited_into_invalid_turtle(bad: Path, tiny: Path, runner, tmp_path, monkeypatch):
    """kg_*.ttl stands in for the ontology, shapes_*.ttl for the shapes: an edit that breaks the
    Turtle is reported at its line before anything is written."""
    which = "ontology_file" if bad.name.startswith("kg_") else "shapes_file"
    monkeypatch.setattr(resources, which, lambda: bad)
    out = tmp_path / "out.ttl"
    out.write_text("previous output\n")
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])
    where, text = expectation(bad)
    assert result.exit_code == 2, result.output
    assert f"{bad.name}:{where}:" in result.output and text in result.output, result.output
    assert "Traceback" not in result.output
    assert out.read_text() == "previous output\n"


def test_an_entry_of_one_megabyte(tiny: Path, runner, tmp_path):
    """A 1 MB note (Zotero exports notes whole) is read whole; the same entry left unterminated is reported at its line,
    both without the reader scanning for long (each well under a second here)."""
    note = "Soft power, attraction and persuasion. " * 27_000  # ~1 MB
    bib = tiny / "bib" / "zz_huge.bib"
    bib.write_text(f"@misc{{huge2020,\n  title = {{Huge}},\n  note = {{{note}}},\n  year = {{2020}}\n}}\n")
    out = tmp_path / "out.nt"
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out), "-f", "nt"])
    assert result.exit_code == 0, result.output[-500:]
    assert note.strip() in out.read_text(encoding="utf-8")

    bib.write_text(f"@misc{{huge2020,\n  title = {{Huge}},\n  note = {{{note},\n  year = {{2020}}\n")
    out.unlink()
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])
    assert result.exit_code == 2
    assert "zz_huge.bib:1: " in result.output and "check its braces" in result.output
    assert len(result.output) < 5_000  # the message names the entry; it does not echo a megabyte
    assert not out.exists()


def test_every_problem_of_a_file_is_reported_at_once(tiny: Path, runner):
    for name in ("missing_comma.bib", "unknown_macro.bib", "duplicate_key.bib"):
        shutil.copy(BAD / "bib" / name, tiny / "bib" / f"zz_{name}")
    result = runner.invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 2
    assert "3 errors; nothing was written." in result.output


def test_missing_project_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a kg project" in result.output
