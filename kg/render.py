"""Tables for the terminal and for files: one function every tabular command shares.

Cells are data from the study, so each format makes them inert: control characters (terminal
escape sequences) are shown as escapes in the terminal table, and CSV/TSV cells that a spreadsheet
would run as a formula (starting with = + - @) are prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Sequence

FORMATS = ("table", "csv", "tsv", "json", "markdown")
MAX_CELL = 80  # the terminal table cuts longer cells; every file format keeps them whole
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], ensure_ascii=False, indent=2) + "\n"
    cells = [[_text(v) for v in row] for row in rows]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([[_no_formula(c) for c in row] for row in cells])
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


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _terminal(cell: str) -> str:
    cell = _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", cell.replace("\n", " "))
    return cell if len(cell) <= MAX_CELL else cell[: MAX_CELL - 1] + "…"


def _no_formula(cell: str) -> str:
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def _markdown(cell: str) -> str:
    cell = cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return re.sub(r"([<>`*_\[\]])", r"\\\1", cell)
