"""Tables for the terminal and for files: one function every tabular command shares."""
from __future__ import annotations

import csv
import io
import json
from typing import Sequence

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table") -> str:
    cells = [[_text(v) for v in row] for row in rows]
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(cells)
        return buf.getvalue()
    if fmt == "markdown":
        esc = [[c.replace("|", "\\|").replace("\n", " ") for c in row] for row in cells]
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in esc]
        return "\n".join(lines) + "\n"
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) and rows for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])] + [line(row) for row in cells]
    return "\n".join(out) + "\n"


def _text(value: object) -> str:
    return "" if value is None else str(value)
