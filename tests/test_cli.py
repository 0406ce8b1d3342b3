"""The CLI through click's CliRunner (in-process), plus one real process for `python -m kg`."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_help_lists_commands_and_exit_codes(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "check", "schema"):
        assert re.search(rf"^\s+{command}\s", result.output, flags=re.M)
    assert "Exit codes:" in result.output and "2  usage error" in result.output


def test_unknown_command_is_a_usage_error(runner):
    assert runner.invoke(cli, ["frobnicate"]).exit_code == 2


def test_build_writes_turtle_that_parses_and_a_summary(tiny, runner, tmp_path):
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "kg:Excerpt" in result.output and "SHACL conforms" in result.output
    triples = list(ox.parse(out.read_bytes(), ox.RdfFormat.TURTLE))
    assert f"tiny: {len(triples)} triples" in result.output
    assert not list(tmp_path.glob(".g.ttl.*"))  # no temporary file left behind


def test_build_other_formats(tiny, runner, tmp_path):
    for fmt, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD),
                            ("nq", ox.RdfFormat.N_QUADS), ("xml", ox.RdfFormat.RDF_XML)):
        out = tmp_path / f"g.{fmt}"
        assert runner.invoke(cli, ["build", str(tiny), "-f", fmt, "-o", str(out)]).exit_code == 0
        assert len(list(ox.parse(out.read_bytes(), rdf_format))) > 200


def test_build_default_output_is_under_build(tiny, runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["build", str(tiny)]).exit_code == 0
    assert (tmp_path / "build" / "tiny.ttl").is_file()


def test_check_writes_nothing(tiny, runner, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = sorted(p.stat().st_mtime_ns for p in tiny.rglob("*"))
    result = runner.invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 0 and "SHACL conforms" in result.output
    assert list(cwd.iterdir()) == []
    assert sorted(p.stat().st_mtime_ns for p in tiny.rglob("*")) == before


def test_a_shape_violation_exits_1_at_the_entry_line(tiny, runner, tmp_path):
    # a year that is not a four-digit year passes the reader but breaks the Work shape
    (tiny / "bib" / "zz.bib").write_text("@misc{odd2020,\n  author = {Odd},\n  year = {2020a}\n}\n")
    (tiny / "study" / "zz.yaml").write_text(
        "claims:\n  - id: c-odd\n    text: \"China has soft power tools.\"\n    cites: [{work: odd2020, stance: background}]\n")
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "zz.bib:1: " in result.output and "four-digit year" in result.output
    assert not out.exists()


def test_unknown_entry_type_is_kept_with_a_warning(tiny, runner, tmp_path):
    (tiny / "bib" / "zz.bib").write_text("@podcast{pod2020,\n  author = {Host},\n  year = {2020}\n}\n")
    (tiny / "study" / "zz.yaml").write_text(
        "claims:\n  - id: c-pod\n    text: \"China has soft power tools.\"\n    cites: [{work: pod2020, stance: background}]\n")
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0, result.output
    assert "zz.bib:1: warning: entry type '@podcast'" in result.output


def test_schema_command_matches_the_documented_field_list(runner):
    printed = runner.invoke(cli, ["schema"]).output
    doc = (ROOT / "docs" / "annotations.md").read_text(encoding="utf-8")
    section = doc.split("<!-- schema:begin -->\n", 1)[1].split("<!-- schema:end -->", 1)[0]
    assert printed == section, "docs/annotations.md is stale: paste `kg schema` between its markers"


def test_python_dash_m_kg_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and "kg, version" in result.stdout


def test_bundled_study_builds_by_default(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert "soft-power-kazakhstan:" in result.output and "SHACL conforms" in result.output
    assert (tmp_path / "build" / "soft-power-kazakhstan.ttl").stat().st_size > 100_000
