#!/usr/bin/env python3
"""Corrupt one BibTeX entry in every N (default 100, i.e. 1%) in the ways a hand-edited or
half-exported file goes wrong, and say where: for `kg build --keep-going` tests and figures.

    python scripts/corrupt_bib.py IN.bib OUT.bib [--every 100]

Each kind damages its entry only: kg must report each corrupted entry (a problem whose line lies
within the entry) and, with --keep-going, build every other entry.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

_ENTRY_START = re.compile(r"^@", re.M)


def _missing_comma(entry: str, first_key: str) -> str:  # `title = {x}` directly followed by the next field
    return re.sub(r"\},(\s*\n\s*\w+\s*=)", r"}\1", entry, count=1)


def _unbalanced(entry: str, first_key: str) -> str:  # a brace opened in a value and never closed
    return re.sub(r"(\w+\s*=\s*\{)", r"\1{", entry, count=1)


def _unknown_macro(entry: str, first_key: str) -> str:
    return re.sub(r"(\w+\s*=\s*)\{[^{}\n]*\}", r"\1nosuchmacro", entry, count=1)


def _duplicate_field(entry: str, first_key: str) -> str:
    head, _, rest = entry.partition(",")
    return f"{head},\n  title = {{A second title}},{rest}"


def _bad_latex(entry: str, first_key: str) -> str:  # an unclosed math shift
    return re.sub(r"(\w+\s*=\s*\{)", r"\1$x + ", entry, count=1)


def _no_key(entry: str, first_key: str) -> str:
    return re.sub(r"^@(\w+)\s*\{\s*[^,\s]+\s*,", r"@\1{,", entry, count=1)


def _duplicate_key(entry: str, first_key: str) -> str:  # the key of the file's first entry, again
    return re.sub(r"^@(\w+)\s*\{\s*[^,\s]+\s*,", lambda m: f"@{m.group(1)}{{{first_key},", entry, count=1)


KINDS = (("missing comma", _missing_comma), ("unbalanced braces", _unbalanced), ("unknown macro", _unknown_macro),
         ("duplicate field", _duplicate_field), ("unclosed $ in LaTeX", _bad_latex), ("no citation key", _no_key),
         ("duplicate key", _duplicate_key))


def corrupt(text: str, every: int = 100) -> tuple[str, list[tuple[int, int, str]]]:
    """(the damaged text, [(first line, last line, kind)] of each damaged entry, 1-based). The
    first entry is never damaged: the duplicate keys repeat its key."""
    starts = [m.start() for m in _ENTRY_START.finditer(text)] + [len(text)]
    out, damaged, line = [text[: starts[0]]], [], text.count("\n", 0, starts[0]) + 1
    first_key = re.match(r"@\w+\s*\{\s*([^,\s]+)", text[starts[0]:]).group(1)
    for i, (a, b) in enumerate(zip(starts, starts[1:])):
        entry = text[a:b]
        if i % every == every // 2:
            kind, damage = KINDS[(i // every) % len(KINDS)]
            changed = damage(entry, first_key)
            if changed != entry:
                entry = changed
                damaged.append((line, line + entry.rstrip("\n").count("\n"), kind))
        out.append(entry)
        line += entry.count("\n")
    return "".join(out), damaged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--every", type=int, default=100)
    args = parser.parse_args()
    text, damaged = corrupt(args.source.read_text(encoding="utf-8"), args.every)
    args.out.write_text(text, encoding="utf-8")
    print(f"damaged {len(damaged)} entries of {args.out}")


if __name__ == "__main__":
    main()
