"""First faults of the hostile-input issue: invalid Turtle in the ontology or shapes, a store in
use by another process, BibTeX with a byte-order mark or Windows line ends."""
from __future__ import annotations

import subprocess
import sys

from kg import resources
from kg.cli import cli


def test_invalid_shapes_turtle_is_reported_with_its_line(tiny, runner, tmp_path, monkeypatch):
    shapes = tmp_path / "shapes.ttl"
    text = resources.shapes_file().read_text(encoding="utf-8")
    shapes.write_text(text.replace("sh:targetClass kg:Claim ;", "sh:targetClass kg:Claim ;;; <broken", 1))
    line = text[: text.index("sh:targetClass kg:Claim ;")].count("\n") + 1
    monkeypatch.setattr(resources, "shapes_file", lambda: shapes)
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])
    assert result.exit_code == 2
    assert f"shapes.ttl:{line}:" in result.output and "invalid Turtle" in result.output
    assert not out.exists()


def test_a_store_in_use_is_refused_clearly(tiny, runner, tmp_path):
    folder = tmp_path / "store"
    assert runner.invoke(cli, ["build", str(tiny), "--store", str(folder), "-o", str(tmp_path / "a.ttl")]).exit_code == 0
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(30)", str(folder)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"open"
        result = runner.invoke(cli, ["build", str(tiny), "--store", str(folder), "-o", str(tmp_path / "b.ttl")])
        assert result.exit_code == 2
        assert "cannot open the store" in result.output and "another kg writing to it" in result.output
    finally:
        holder.kill()
        holder.wait()


def test_bom_and_windows_line_ends_are_read(tiny, runner):
    bib = tiny / "bib" / "tiny.bib"
    bib.write_bytes(b"\xef\xbb\xbf" + bib.read_bytes().replace(b"\n", b"\r\n"))
    result = runner.invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 0, result.output
