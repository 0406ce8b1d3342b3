"""The coverage report as rows (for kg.render's formats), JSON, and a self-contained HTML matrix."""
from __future__ import annotations

import html

from kg.render import to_json as _json, visible
from kg.triangulation import CoverageReport

COLOURS = {"agreement": "#2e7d32", "partial-agreement": "#f9a825", "silence": "#78909c", "dissonance": "#c62828"}


def theme_rows(report: CoverageReport, indent: str | None = "  ") -> tuple[list[str], list[list]]:
    """One row per theme; sub-themes indented under their parent by `indent` (for the terminal "  ",
    for Markdown "↳ "), or with no indent and a parent column for data files."""
    depth = _depths(report)
    rows = []
    for t in report.themes:
        who = ", ".join([_short(r) for r in t.respondents] + (["group"] if t.group_voiced else []))
        verdict = t.verdict_text + (" (recorded)" if t.verdict != t.computed else "")
        counts = [t.interview_voices, who, len(t.supporting), len(t.contradicting), verdict]
        rows.append([indent * depth[t.theme] + t.label, *counts] if indent else [t.theme, t.label, t.parent, *counts])
    headers = ["respondents", "who", "works", "contradicting", "verdict"]
    return (["theme", *headers] if indent else ["id", "theme", "parent", *headers]), rows


def group_rows(report: CoverageReport, by: str) -> tuple[list[str], list[list]]:
    headers = [by, "themes", "triangulated", "percent", "not triangulated"]
    rows = [[g.label, len(g.themes), g.triangulated, f"{g.percent:.0f}%",
             "; ".join(t.label for t in g.themes if not t.triangulated)] for g in report.by(by)]
    return headers, rows


def to_json(report: CoverageReport) -> str:
    data = {
        "summary": {"themes": len(report.themes), "triangulated": report.triangulated,
                    "percent": round(report.percent, 1), "verdicts": report.counts(),
                    "min_respondents": report.min_respondents, "min_works": report.min_works,
                    "aggregate": report.aggregate},
        "themes": [{"id": t.theme, "label": t.label, "parent": t.parent, "respondents": list(t.respondents),
                    "group_voiced": t.group_voiced, "supporting": list(t.supporting),
                    "contradicting": list(t.contradicting), "verdict": t.verdict, "silent": t.silent,
                    "computed_verdict": t.computed, "recorded_note": t.recorded_note,
                    "actors": [a.split("\t")[1] for a in t.actors],
                    "research_questions": [q.split("\t")[0] for q in t.research_questions]}
                   for t in report.themes],
        "by_actor": [_group_json(g) for g in report.by("actor")],
        "by_question": [_group_json(g) for g in report.by("question")],
    }
    return _json(data)


def _group_json(g) -> dict:
    return {"id": g.key, "label": g.label, "themes": len(g.themes), "triangulated": g.triangulated,
            "percent": round(g.percent, 1)}


def to_html(report: CoverageReport, detail: dict[str, dict[str, tuple[str, ...]]], texts: dict[str, str],
            title: str) -> str:
    """One self-contained page: the theme x evidence matrix, colour-coded, counts in the cells,
    the quotes and works on hover. Every string from the study is escaped: it is data."""
    e = _escape
    depth = _depths(report)
    head = "".join(f"<th>{e(r)}</th>" for r in report.respondents)
    body = []
    for t in report.themes:
        evidence = detail.get(t.theme, {})
        cells = []
        for r in report.respondents:
            quotes = [texts.get(i, "") for i in evidence.get(r, ())]
            cells.append(_cell(len(quotes), "\n\n".join(f"“{q}”" for q in quotes), "voice"))
        group = [texts.get(i, "") for src, ids in evidence.items() if src not in report.respondents
                 and src not in t.supporting and src not in t.contradicting for i in ids]
        cells.append(_cell(len(group), "\n\n".join(f"“{q}”" for q in group), "voice"))
        cells.append(_cell(len(t.supporting), "\n".join(t.supporting), "support"))
        cells.append(_cell(len(t.contradicting), "\n".join(t.contradicting), "contra"))
        colour = COLOURS[t.verdict]
        note = f"{t.verdict_text}" + (f"\nrecorded: {t.recorded_note}" if t.recorded_note else "")
        body.append(f'<tr><th class="theme" style="padding-left:{0.5 + depth[t.theme] * 1.2}em">{e(t.label)}</th>'
                    + "".join(cells)
                    + f'<td class="verdict" style="background:{colour}" title="{e(note)}">{e(t.verdict_text)}</td></tr>')
    summary = e(report.summary())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Triangulation coverage: {e(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; }}
thead th {{ background: #f3f3f3; position: sticky; top: 0; }}
th.theme {{ text-align: left; font-weight: normal; max-width: 28em; }}
td {{ text-align: center; min-width: 3em; }}
td.voice.n {{ background: #bbdefb; }} td.support.n {{ background: #c8e6c9; }} td.contra.n {{ background: #ffcdd2; }}
td[title] {{ cursor: help; }}
td.verdict {{ color: #fff; white-space: nowrap; }}
.legend span {{ display: inline-block; padding: 0.1em 0.6em; margin-right: 0.5em; color: #fff; }}
</style></head><body>
<h1>Triangulation coverage</h1>
<p>{e(title)}</p>
<p><strong>{summary}</strong></p>
<p class="legend">{''.join(f'<span style="background:{c}">{e(v)}</span>' for v, c in COLOURS.items())}
Hover a cell for its quotes or works. Verdicts after Farmer et al. (2006).</p>
<table>
<thead><tr><th>theme</th>{head}<th>unspecified respondents</th><th>supporting works</th><th>contradicting works</th><th>verdict</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
</body></html>
"""


def _cell(n: int, tip: str, kind: str) -> str:
    if not n:
        return f'<td class="{kind}"></td>'
    return f'<td class="{kind} n" title="{_escape(tip)}">{n}</td>'


def _escape(text: str) -> str:
    """HTML-escaped, control characters (but newlines and tabs) shown as `\\x1b`: the page may be printed
    to a terminal (no -o), and HTML maps C1 character references to other characters."""
    return html.escape(visible(text, keep="\n\t"))


def _short(label: str) -> str:
    return label.replace("Respondent ", "R")


def _depths(report: CoverageReport) -> dict[str, int]:
    parents = {t.theme: t.parent for t in report.themes}
    out = {}
    for t in report.themes:
        d, node = 0, t.parent
        while node and d < 50:
            d, node = d + 1, parents.get(node)
        out[t.theme] = d
    return out

