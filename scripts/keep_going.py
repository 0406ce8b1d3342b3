#!/usr/bin/env python3
"""A 100k-entry bibliography with 1% corrupted entries: does `kg build` report every bad entry,
and does `kg build --keep-going` build the rest? Prints the figures for the README.

    python scripts/keep_going.py [--entries 100000] [--every 100] [--source cdl.bib]

The entries are real ones (scripts/gen_bib.py, default ../shared/data/cdl-bibliography/cdl.bib),
damaged by scripts/corrupt_bib.py; the baseline is the same build of the undamaged file.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corrupt_bib  # noqa: E402
import gen_bib  # noqa: E402


def kg_build(project: Path, *extra: str) -> tuple[int, str, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(project), "-o", str(project / "out.nt"), "-f", "nt",
                           *extra], capture_output=True, text=True,
                          env={**os.environ, "KG_CACHE_DIR": str(project / "cache")})
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--source", type=Path, default=gen_bib.DEFAULT_SOURCE)
    args = parser.parse_args()
    clean = gen_bib.generate(args.entries, args.source)
    text, damaged = corrupt_bib.corrupt(clean, args.every)
    work = Path(tempfile.mkdtemp(prefix="kg-keep-going-"))
    try:
        project = work / "p"
        shutil.copytree(ROOT / "tests" / "data" / "tiny", project)
        bib = project / "bib" / "big.bib"
        bib.write_text(clean, encoding="utf-8")
        code, out, baseline = kg_build(project)
        if code != 0:
            raise SystemExit(f"the clean build failed (exit {code}):\n{out[-2000:]}")
        bib.write_text(text, encoding="utf-8")
        (project / "out.nt").unlink()
        code, out, stopped = kg_build(project)
        lines = [int(n) for n in re.findall(r"big\.bib:(\d+): ", out)]
        missed = [d for d in damaged if not any(d[0] <= n <= d[1] for n in lines)]
        written = (project / "out.nt").exists()
        kcode, kout, kept = kg_build(project, "--keep-going")
        skipped = kout.count(": skipped: ")
        works = re.search(r"built the other ([\d,]+) works", kout)
        print(f"{args.entries:,} entries, {len(damaged):,} damaged ({', '.join(k for k, _ in corrupt_bib.KINDS)})")
        print(f"| run | exit | reported | missed | seconds | vs clean build |\n|---|---:|---:|---:|---:|---:|")
        print(f"| clean file (baseline) | 0 | | | {baseline:.1f} | 1.00x |")
        print(f"| damaged, no flag | {code} | {len(lines):,} | {len(missed)} | {stopped:.1f} | {stopped / baseline:.2f}x |")
        print(f"| damaged, --keep-going | {kcode} | {skipped:,} skipped | | {kept:.1f} | {kept / baseline:.2f}x |")
        print(f"without the flag an output was written: {written}; with it, works built: "
              f"{works.group(1) if works else '?'} (tiny project's 5 included)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
