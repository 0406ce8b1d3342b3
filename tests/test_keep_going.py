"""A bibliography with 1% corrupted entries: every bad entry is reported, nothing is written, and
`--keep-going` builds the rest. scripts/corrupt_bib.py does the damage (scripts/keep_going.py
runs it on 100k real entries for the README's figures); here 1,400 generated entries, on the
serial reader and on the parallel one."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from kg import ingest, pipeline
from kg.cli import cli
from conftest import TINY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from corrupt_bib import KINDS, corrupt  # noqa: E402

ENTRIES = 1_400  # two of each kind of damage
TINY_BIB = TINY / "bib" / "tiny.bib"


def _generated(n: int) -> str:
    """Entries shaped like a Zotero export: capitalised and lower-case field names, tabs, LaTeX."""
    return "".join(
        f"@article{{gen{i},\n\tAuthor = {{Family{i % 97}, Given and {{Org {i % 13}}}}},\n"
        f"\tjournal = {{Journal {i % 31}}},\n\tTitle = {{Title {i} on {{\\\"O}}rki's work}},\n\tyear = {{{1950 + i % 70}}}}}\n\n"
        for i in range(n))


@pytest.fixture(params=["serial", "parallel"])
def damaged(request, tiny, monkeypatch):
    if request.param == "parallel":  # the workers' path, normally for files of 2 MB and more
        monkeypatch.setattr(ingest, "worth_it", lambda texts: True)
    text, damaged = corrupt(_generated(ENTRIES))
    (tiny / "bib" / "big.bib").write_text(text, encoding="utf-8")
    return tiny, damaged


def _reported_lines(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"big\.bib:(\d+): ", output)]


def _every_damaged_entry_and_nothing_else(lines: list[int], damaged) -> None:
    assert len(lines) == len(damaged)
    for first, last, kind in damaged:
        assert any(first <= n <= last for n in lines), f"{kind} at lines {first}-{last} not reported"


def test_every_bad_entry_is_reported_and_nothing_written(damaged, runner, tmp_path):
    project, bad = damaged
    assert {kind for _, _, kind in bad} == {kind for kind, _ in KINDS}
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(project), "-o", str(out)])
    assert result.exit_code == 2
    _every_damaged_entry_and_nothing_else(_reported_lines(result.output), bad)
    assert f"{len(bad)} errors; nothing was written." in result.output
    assert not out.exists()


def test_keep_going_builds_every_other_entry(damaged, runner, tmp_path):
    project, bad = damaged
    out = tmp_path / "g.nt"
    result = runner.invoke(cli, ["build", str(project), "-o", str(out), "-f", "nt", "--keep-going"])
    assert result.exit_code == 0, result.output[-2000:]
    assert result.output.count(": skipped: ") == len(bad)
    _every_damaged_entry_and_nothing_else(_reported_lines(result.output), bad)

    graph = pipeline.open_graph(project)  # the cache the build wrote
    keys = {r["k"].value for r in graph.query("SELECT ?k WHERE { ?w <https://w3id.org/kg/ns#citationKey> ?k }")}
    assert keys == _keys(project / "bib" / "tiny.bib") | _keys(project / "bib" / "big.bib", skip=bad)
    assert len(keys) == len(_keys(TINY_BIB)) + ENTRIES - len(bad)
    # the duplicates of gen0 were left out, so gen0 is the first entry alone: one title, its own
    titles = [r["t"].value for r in graph.query(
        "SELECT ?t WHERE { ?w <https://w3id.org/kg/ns#citationKey> 'gen0' ; <http://purl.org/dc/terms/title> ?t }")]
    assert titles == ["Title 0 on Örki's work"]
    assert out.read_text(encoding="utf-8").count("\n") == len(graph)


def _keys(bib: Path, skip=()) -> set[str]:
    """The citation keys of a file's entries, but for those starting within the `skip` line ranges."""
    keys = set()
    for n, line in enumerate(bib.read_text(encoding="utf-8").split("\n"), start=1):
        m = re.match(r"@(?!string)\w+\{([^,]+),", line)
        if m and not any(first <= n <= last for first, last, _ in skip):
            keys.add(m.group(1))
    return keys


def test_keep_going_still_stops_at_bad_annotations(tiny, runner, tmp_path):
    (tiny / "study" / "zz.yaml").write_text("themes:\n  - id: Not A Slug\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(tmp_path / "g.ttl"), "--keep-going"])
    assert result.exit_code == 2
    assert "zz.yaml:2:" in result.output and not (tmp_path / "g.ttl").exists()


def test_keep_going_never_drops_a_whole_unreadable_file(tiny, runner, tmp_path):
    (tiny / "bib" / "latin1.bib").write_bytes(b"@misc{ok2020,\n  title = {Fine},\n  year = {2020}\n}\n"
                                              b"@misc{cafe2021,\n  title = {Caf\xe9},\n  year = {2021}\n}\n")
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(tmp_path / "g.ttl"), "--keep-going"])
    assert result.exit_code == 2
    assert "latin1.bib:6: not valid UTF-8" in result.output and "skipped" not in result.output


def test_later_commands_rebuild_as_the_keep_going_build_did(tiny, runner, tmp_path):
    (tiny / "bib" / "bad.bib").write_text("@misc{broken,\n  title = {No comma}\n  year = {2020}\n}\n")
    assert runner.invoke(cli, ["build", str(tiny), "-o", str(tmp_path / "g.ttl"), "--keep-going"]).exit_code == 0
    codebook = tiny / "study" / "codebook.yaml"  # the cache goes stale: coverage must rebuild
    codebook.write_text(codebook.read_text().replace("China's soft power meets limits", "China's soft power is limited"))
    result = runner.invoke(cli, ["coverage", str(tiny)])
    assert result.exit_code == 0, result.output  # a strict rebuild would stop at bad.bib: exit 2
    meta = __import__("json").loads((pipeline.cache_dir(tiny) / "meta.json").read_text())
    assert meta["fingerprint"] == pipeline.fingerprint(tiny) and meta["keep_going"] is True


@pytest.mark.parametrize("reader", ["serial", "parallel"])
def test_a_key_whose_first_entry_is_bad_is_a_duplicate_on_both_readers(reader, tiny, runner, tmp_path, monkeypatch):
    """The first `dup` is broken, a good `dup` comes 1,000 entries later (another chunk for the
    parallel reader): both readers report both, and --keep-going keeps neither."""
    if reader == "parallel":
        monkeypatch.setattr(ingest, "worth_it", lambda texts: True)
    text = "@misc{dup,\n  title = {Broken}\n  year = {2020}\n}\n" + _generated(1_000) + "@misc{dup,\n  title = {Good}\n}\n"
    (tiny / "bib" / "big.bib").write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(tmp_path / "g.ttl"), "--keep-going"])
    assert result.exit_code == 0, result.output[-1000:]
    assert "big.bib:2: skipped: field 'title' of 'dup': a comma is missing" in result.output
    assert "skipped: duplicate key 'dup' (first at " in result.output
    keys = {r["k"].value for r in pipeline.open_graph(tiny).query(
        "SELECT ?k WHERE { ?w <https://w3id.org/kg/ns#citationKey> ?k }")}
    assert "dup" not in keys and "gen999" in keys
