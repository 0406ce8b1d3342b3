"""Tables for the terminal and for files: one function every tabular command shares.

Cells are data from the study, so each format makes them inert: control characters (terminal
escape sequences such as ESC [31m, BEL, the one-character CSI U+009B) are shown as visible `\\x1b`
escapes in the terminal table, Markdown, CSV and TSV (each may be printed to a terminal); CSV/TSV
cells that a spreadsheet would run as a formula (starting with = + - @ or a tab) are prefixed with
an apostrophe; Markdown escapes every character that could open a link, image, HTML tag, code span or
emphasis, or end a cell or a row. JSON keeps the text exact, with DEL and C1 as \\u escapes.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Sequence

FORMATS = ("table", "csv", "tsv", "json", "markdown")
MAX_CELL = 80  # the terminal table cuts longer cells; every file format keeps them whole
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: a terminal runs them as commands
_C1 = re.compile(r"[\x7f-\x9f]")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table") -> str:
    if fmt == "json":
        return to_json([dict(zip(headers, row)) for row in rows])
    cells = [[_text(v) for v in row] for row in rows]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([[_csv_cell(v) for v in row] for row in rows])
        return buf.getvalue()
    if fmt == "markdown":
        esc = [[_markdown(c) for c in row] for row in cells]
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in esc]
        return "\n".join(lines) + "\n"
    cells = [[_terminal(c) for c in row] for row in cells]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    numeric = [bool(rows) and all(isinstance(row[i], (int, float)) for row in rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])] + [line(row) for row in cells]
    return "\n".join(out) + "\n"


def visible(text: str, keep: str = "") -> str:
    """Control characters (but those in `keep`) as visible `\\x1b` escapes, so none reaches a terminal."""
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) in keep else f"\\x{ord(m.group(0)):02x}", text)


def escape_c1(text: str) -> str:
    """DEL and the C1 controls as `\\u009b` escapes in JSON, Turtle or N-Triples text: their serialisers
    escape C0 but write C1 raw, and a terminal reads U+009B as CSI. The escaped text parses back the same."""
    return _C1.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def to_json(value: object) -> str:
    return escape_c1(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _one_line(cell: str) -> str:
    """Newlines and tabs as spaces (they would break the layout), other controls visible (CR among them:
    it would overwrite the line on a terminal and end a Markdown row)."""
    return visible(cell.replace("\n", " ").replace("\t", " "))


def _terminal(cell: str) -> str:
    cell = _one_line(cell)
    return cell if len(cell) <= MAX_CELL else cell[: MAX_CELL - 1] + "…"


def _csv_cell(value: object) -> str:
    """A number stays a number (-2); text that a spreadsheet would run as a formula (= + - @, or a leading
    tab) gets an apostrophe, "+1" and "-2" too: they are text. Tab and LF are quoted by the csv module;
    a lone CR is not (it is no part of the "\\n" line terminator) and would end the row for any reader,
    so it is shown as `\\x0d` like the other controls (no cell can start with a CR)."""
    text = _text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    text = visible(text, keep="\t\n")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t") else text


def _markdown(cell: str) -> str:
    """Backslash-escape what Markdown would read as syntax: `|` (a cell's end), `[ ] < >` (links, images,
    autolinks, HTML), backticks, `* _ ~` (emphasis), `&` (entities: `&amp;` must show as written)."""
    cell = _one_line(cell).replace("\\", "\\\\")
    return re.sub(r"([|<>`*_~&\[\]])", r"\\\1", cell)
