#!/usr/bin/env python3
"""Write a large real-looking bibliography by repeating real entries (default: the Contextual
Dynamics Lab's cdl.bib, MIT) with renamed keys and perturbed authors, titles and years.

    python scripts/gen_bib.py --entries 100000 --out /tmp/big.bib [--source ../shared/data/cdl-bibliography/cdl.bib]
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

DEFAULT_SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "cdl-bibliography" / "cdl.bib"
ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,(.*?)(?=^@|\Z)", re.S | re.M)


def entries(source: Path) -> list[tuple[str, str, str]]:
    text = source.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2), m.group(3)) for m in ENTRY.finditer(text) if m.group(1).lower() not in ("string", "comment", "preamble")]


def perturb(body: str, copy: int) -> str:
    if copy == 0:
        return body
    body = re.sub(r"(Year\s*=\s*\{?)(\d{4})", lambda m: f"{m.group(1)}{int(m.group(2)) - copy % 7}", body, count=1, flags=re.I)
    body = re.sub(r"(Title\s*=\s*\{)", rf"\g<1>[{copy}] ", body, count=1, flags=re.I)
    return re.sub(r"(Author\s*=\s*\{)", rf"\g<1>Copy{copy} X and ", body, count=1, flags=re.I)


def generate(n: int, source: Path) -> str:
    base = entries(source)
    out = []
    for i in range(n):
        kind, key, body = base[i % len(base)]
        copy = i // len(base)
        out.append(f"@{kind}{{{key}{'' if copy == 0 else f'__{copy}'},{perturb(body, copy)}")
    return "".join(chunk if chunk.endswith("\n") else chunk + "\n" for chunk in out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text(generate(args.entries, args.source), encoding="utf-8")
    print(f"wrote {args.entries} entries to {args.out}")


if __name__ == "__main__":
    main()
