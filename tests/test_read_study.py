"""The annotation reader: 1-based positions, text kept as written, every problem reported."""
from __future__ import annotations

from kg.errors import Report
from kg.read import yamlloc
from kg.read.study import read_annotations


def test_positions_are_one_based_and_scalars_keep_their_text():
    report = Report()
    doc = yamlloc.load("themes:\n  - id: a\n    section: 5.10\n", "t.yaml", report)
    item = doc["themes"][0]
    assert doc["themes"].item_locs[0].line == 2 and doc["themes"].item_locs[0].col == 5
    assert item.value_locs["section"].line == 3 and item.value_locs["section"].col == 14
    assert item.raw["section"] == "5.10"  # not the float 5.1


def test_section_numbers_survive_as_text(tiny):
    (tiny / "study" / "zz.yaml").write_text(
        "tools:\n  - id: media\n    label: Media\n    definition: Broadcasting.\n"
        "research_questions:\n  - id: rq9\n    text: \"How does\"\n    section: 5.10\n")
    report = Report()
    _, records = read_annotations(tiny / "study", report)
    assert not report.errors
    assert [r.section for r in records["research_questions"] if r.id == "rq9"] == ["5.10"]


def test_lists_split_over_files_are_joined(tiny):
    report = Report()
    info, records = read_annotations(tiny / "study", report)
    assert not report.problems
    assert info.id == "tiny"
    assert [r.id for r in records["themes"]] == ["china-influence-limited", "china-societal-stereotypes"]
    assert {r.id for r in records["claims"]} == {"c-stereotypes", "c-agriculture", "c-resources", "c-own"}


def test_records_know_where_they_stand(tiny):
    report = Report()
    _, records = read_annotations(tiny / "study", report)
    q1 = records["excerpts"][0]
    assert q1.locs[""].path.endswith("evidence.yaml") and q1.locs[""].line == 2
    assert (q1.locs["themes[0]"].line, q1.locs["themes[0]"].col) == (5, 14)


def test_a_base_iri_with_a_control_character_is_refused_at_its_line(tiny, runner):
    """U+009B passes YAML and XML, but no IRI may hold it: refused before anything is written."""
    from kg.cli import cli

    study = tiny / "study" / "study.yaml"
    study.write_text(study.read_text().replace("  id: tiny\n", '  id: tiny\n  base: "https://example.org/a\\u009bb/"\n'))
    result = runner.invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 2, result.output
    assert "study.yaml:3:9: 'https://example.org/a\\x9bb/' is not an absolute IRI" in result.output
