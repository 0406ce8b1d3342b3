"""Triangulation coverage. The expected verdict of every theme is derived here from the YAML
annotations themselves (an independent reading, not kg's graph or queries), and a few are
asserted by hand from the article's text."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

import kg
from kg import resources
from kg.cli import cli

STUDY = resources.bundled_project() / "study"


def expected_verdicts(study_dir: Path, min_respondents: int = 1, min_works: int = 1) -> dict[str, str]:
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) or {} for p in sorted(study_dir.glob("*.yaml"))]
    items = defaultdict(list)
    for doc in docs:
        for key, value in doc.items():
            if isinstance(value, list):
                items[key] += value
    groups = {r["id"] for r in items["respondents"] if r.get("kind") == "group"}
    people, group_voiced = defaultdict(set), set()
    for e in items["excerpts"]:
        for t in e["themes"]:
            (group_voiced.add(t) if e["respondent"] in groups else people[t].add(e["respondent"]))
    for f in items["findings"]:
        for t in f["themes"]:
            for r in f["respondents"]:
                (group_voiced.add(t) if r in groups else people[t].add(r))
    works = defaultdict(lambda: defaultdict(set))
    for c in items["claims"]:
        for cite in c.get("cites", []):
            for t in c.get("themes", []):
                works[cite["stance"]][t].add(cite["work"])
    out = {}
    for theme in items["themes"]:
        t = theme["id"]
        voices = len(people[t]) or (1 if t in group_voiced else 0)
        if theme.get("verdict"):
            out[t] = theme["verdict"]
        elif works["contrasts"][t]:
            out[t] = "dissonance"
        elif voices >= min_respondents and len(works["supports"][t]) >= min_works:
            out[t] = "agreement"
        elif voices >= min_respondents:
            out[t] = "silence (literature silent)"
        elif len(works["supports"][t]) >= min_works:
            out[t] = "silence (interviews silent)"
        else:
            out[t] = "silence (no evidence)"
    return out


@pytest.fixture
def report(backend_graph):
    """The bundled study's report, from the embedded store, an on-disk store and a real server."""
    return kg.coverage(backend_graph)


def test_every_verdict_follows_from_the_annotations(report):
    assert {t.theme: t.verdict_text for t in report.themes} == expected_verdicts(STUDY)


def test_stricter_thresholds_follow_too(backend_graph):
    strict = kg.coverage(backend_graph, min_respondents=2, min_works=2)
    assert {t.theme: t.verdict_text for t in strict.themes} == expected_verdicts(STUDY, 2, 2)


@pytest.mark.parametrize("theme,verdict", [
    # R5: "… Kazakhstan [society] has strong stereotypes toward China"; Burkhanov and Chen (2016) et al.
    ("china-societal-stereotypes", "agreement"),
    # R5: "… recently the USA's soft power in Kazakhstan [is] waning"; "other experts also noticed" (Rumer et al., 2016)
    ("us-influence-waning-solid", "agreement"),
    # "some respondents speculated that internal and geopolitical issues could thwart Ankara's soft power";
    # "Some scholars have concluded ... (Oguzlu, 2007; Altunişik, 2008)"
    ("turkey-internal-constraints", "agreement"),
    # "the respondents in this study think that Russia is not efficiently utilizing its soft power": no citation
    ("russia-soft-power-inefficient", "silence (literature silent)"),
    # the war's strains are argued from the literature (Umarov, Kumenov, ...), not from the interviews
    ("russia-ukraine-war-strains", "silence (interviews silent)"),
    # recorded by hand: the literature backs the leverage half, not the skepticism half
    ("west-values-skepticism", "partial-agreement"),
])
def test_verdicts_read_from_the_article(report, theme, verdict):
    assert next(t for t in report.themes if t.theme == theme).verdict_text == verdict


def test_respondents_are_counted_distinct_not_by_excerpt(report):
    t = next(t for t in report.themes if t.theme == "decisions-weigh-risks")
    assert t.respondents == ("Respondent 3", "Respondent 4")  # three excerpts, two respondents


def test_dissonance_when_a_work_contradicts(tiny):
    (tiny / "study" / "zz.yaml").write_text(
        "claims:\n  - id: c-contra\n    text: \"China aspired to exercise its soft power resources\"\n"
        "    cites: [{work: gill2006, stance: contrasts}]\n    themes: [china-societal-stereotypes]\n")
    t = next(t for t in kg.coverage(tiny).themes if t.theme == "china-societal-stereotypes")
    assert t.verdict == "dissonance" and t.contradicting == ("Gill and Huang (2006)",)


def test_aggregate_counts_sub_themes_toward_parents(tiny):
    plain = {t.theme: t for t in kg.coverage(tiny).themes}
    rolled = {t.theme: t for t in kg.coverage(tiny, aggregate=True).themes}
    assert plain["china-influence-limited"].verdict_text == "silence (literature silent)"
    assert rolled["china-influence-limited"].verdict == "agreement"
    assert rolled["china-influence-limited"].respondents == ("Respondent 3", "Respondent 5")


def test_fail_under_gates_the_exit_code(runner, report):
    assert runner.invoke(cli, ["coverage", "--fail-under", "100"]).exit_code == 1
    assert runner.invoke(cli, ["coverage", "--fail-under", f"{int(report.percent)}"]).exit_code == 0
    out = runner.invoke(cli, ["coverage"]).output
    assert f"{report.triangulated} of 28 themes triangulated" in out


def test_by_actor_and_by_question(runner, report):
    by_q = {g.key: g for g in report.by("question")}
    assert set(by_q) == {"rq1", "rq2"}
    assert by_q["rq2"].triangulated == sum(1 for t in report.themes if t.triangulated
                                            and any(q.startswith("rq2\t") for q in t.research_questions))
    out = runner.invoke(cli, ["coverage", "--by", "actor", "-f", "csv"]).output
    assert out.splitlines()[0] == "actor,themes,triangulated,percent,not triangulated"
    assert any(line.startswith("Turkey,3,3,100%") for line in out.splitlines())


def test_formats(runner, tmp_path):
    data = json.loads(runner.invoke(cli, ["coverage", "-f", "json"]).output)
    assert data["summary"]["themes"] == 28 and len(data["themes"]) == 28
    md = runner.invoke(cli, ["coverage", "-f", "markdown"]).output
    assert md.startswith("| theme | respondents |") and "themes triangulated" in md
    assert runner.invoke(cli, ["coverage", "-f", "tsv"]).output.startswith("id\ttheme\tparent\t")


def test_html_matrix_is_self_contained_and_escaped(runner, tmp_path, tiny):
    quote = "China has soft power tools. Big business structures …"
    (tiny / "study" / "zz.yaml").write_text(
        "themes:\n  - id: hostile\n    label: \"<script>alert(1)</script> & <img src=x onerror=alert(2)>\"\n"
        "    definition: d\nexcerpts:\n  - id: q9\n    respondent: r3\n    themes: [hostile]\n"
        f"    text: \"{quote}\"\n")
    out = tmp_path / "c.html"
    assert runner.invoke(cli, ["coverage", str(tiny), "-f", "html", "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in page
    assert not re.search(r'(src|href)="https?:', page)
    assert f'title="“{quote}”' in page  # hover shows the quote
