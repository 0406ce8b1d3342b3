#!/usr/bin/env python3
"""kg's benchmark suite: every performance target of the scale issue, as ratios against a baseline
measured in the same run (this machine is shared and noisy), medians of several fresh processes.

    python scripts/bench.py                  # full sizes (about 15 minutes on 2 cores)
    python scripts/bench.py --quick          # small sizes, to check the script itself
    python scripts/bench.py --bib big.bib    # your own bibliography for P1

P1  build a ~100k-entry bibliography (parse, LaTeX, names, triples, store)  vs  bibtexparser's bare parse
P2  kg's coverage report over a ~1M-triple study                            vs the same code on rdflib's store
P3  `kg coverage` on the bundled study, process start to exit               vs  python -c "import rdflib"
P5  peak memory of building and querying the 1M-triple study (absolute)
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def run(code: str, *args: str) -> dict:
    """Run a snippet in a fresh Python; it prints one JSON object. Adds the child's peak RSS."""
    before = time.perf_counter()
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result.setdefault("wall", time.perf_counter() - before)
    return result


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- P1 ------------------------------------------------------------------------------------------

BARE = """
import json, resource, sys, time, bibtexparser
text = open(sys.argv[1], encoding="utf-8").read()
t = time.perf_counter(); lib = bibtexparser.parse_string(text); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "entries": len(lib.entries), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
BUILD = """
import json, resource, sys, time
from kg import pipeline
t = time.perf_counter(); built = pipeline.build(sys.argv[1]); store = built.store(); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "triples": len(store), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def p1(bib: Path, runs: int, work: Path) -> dict:
    project = work / "p1"
    shutil.copytree(ROOT / "tests" / "data" / "tiny", project)
    shutil.copy(bib, project / "bib" / "big.bib")
    bare = [run(BARE, str(bib)) for _ in range(runs)]
    build = [run(BUILD, str(project)) for _ in range(runs)]
    return {"bare": median([r["seconds"] for r in bare]), "build": median([r["seconds"] for r in build]),
            "entries": bare[0]["entries"], "triples": build[0]["triples"], "rss_mb": max(r["rss_mb"] for r in build)}


# -- P2 and P5 -----------------------------------------------------------------------------------

SYNTH = """
import json, random, sys
from kg import model
from kg.graph.build import build
from kg.graph.terms import to_ntriples
themes, claims, excerpts, respondents, works = (int(x) for x in sys.argv[2:7])
rng = random.Random(7)
T = [model.Theme(id=f"t{i}", label=f"Theme {i}", definition="d", parent=None if i < 20 else f"t{i % 20}") for i in range(themes)]
R = [model.Respondent(id=f"r{i}", label=f"Respondent {i}") for i in range(respondents)]
W = {f"w{i}": model.Work(key=f"w{i}", entry_type="article", fields={"title": f"Work {i}", "year": str(1950 + i % 70)},
                         authors=(model.Person(family=f"Author{i % 5000}", given="A"),)) for i in range(works)}
E = [model.Excerpt(id=f"e{i}", respondent=f"r{rng.randrange(respondents)}", text=f"quote {i}",
                   themes=tuple({f"t{rng.randrange(themes)}" for _ in range(rng.randint(1, 2))})) for i in range(excerpts)]
def stance():  # mostly support and background; a contrasting citation is rare
    x = rng.random()
    return "contrasts" if x < 0.0005 else "supports" if x < 0.6 else "background"
C = [model.Claim(id=f"c{i}", text=f"claim {i}", themes=(f"t{rng.randrange(themes)}",),
                 cites=tuple(model.Citation(work=f"w{rng.randrange(works)}", stance=stance())
                             for _ in range(rng.randint(1, 5)))) for i in range(claims)]
info = model.StudyInfo(id="synthetic", title="A synthetic triangulation study", manuscript="w0")
study = model.Study(info=info, works=W, records={"themes": T, "respondents": R, "excerpts": E, "claims": C})
open(sys.argv[1], "w", encoding="utf-8").write(to_ntriples(build(study)))
print(json.dumps({"ok": True}))
"""
COVERAGE_OX = """
import json, resource, sys, time
import pyoxigraph as ox
from kg.graph.store import StudyGraph
from kg.triangulation import coverage
data = open(sys.argv[1], "rb").read()
t = time.perf_counter(); store = ox.Store(); store.bulk_load(data, ox.RdfFormat.N_TRIPLES); load = time.perf_counter() - t
graph = StudyGraph(store, "https://w3id.org/kg/study/synthetic/")
t = time.perf_counter(); report = coverage(graph); q = time.perf_counter() - t
print(json.dumps({"load": load, "seconds": q, "triples": len(store), "themes": len(report.themes),
                  "triangulated": report.triangulated, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
COVERAGE_RDFLIB = """
import json, sys, time
import rdflib
from kg.graph.store import StudyGraph
from kg.triangulation import coverage

class Term:  # what kg reads of a pyoxigraph term: .value
    def __init__(self, term): self.value = str(term)

class Row:
    def __init__(self, row): self.row = row
    def __getitem__(self, name):
        term = self.row[name]
        return None if term is None else Term(term)

class RdflibStore:  # the subset of pyoxigraph.Store that kg.triangulation uses, on rdflib's Graph
    def __init__(self, graph): self.graph = graph
    def query(self, text, prefixes=None, substitutions=None, default_graph=None):
        assert not substitutions and not default_graph
        return [Row(r) for r in self.graph.query(text)]

g = rdflib.Graph(); g.parse(sys.argv[1], format="nt")
t = time.perf_counter(); report = coverage(StudyGraph(RdflibStore(g), "https://w3id.org/kg/study/synthetic/"))
q = time.perf_counter() - t
print(json.dumps({"seconds": q, "themes": len(report.themes), "triangulated": report.triangulated}))
"""


def p2(sizes: tuple[int, ...], runs: int, work: Path) -> dict:
    nt = work / "synthetic.nt"
    run(SYNTH, str(nt), *map(str, sizes))
    ox_runs = [run(COVERAGE_OX, str(nt)) for _ in range(runs)]
    rdflib_runs = [run(COVERAGE_RDFLIB, str(nt)) for _ in range(1 if sizes[1] >= 50_000 else runs)]
    assert rdflib_runs[0]["triangulated"] == ox_runs[0]["triangulated"], "the two stores disagree"
    return {"oxigraph": median([r["seconds"] for r in ox_runs]), "rdflib": median([r["seconds"] for r in rdflib_runs]),
            "triples": ox_runs[0]["triples"], "themes": ox_runs[0]["themes"], "load": median([r["load"] for r in ox_runs]),
            "rss_mb": max(r["rss_mb"] for r in ox_runs)}


# -- P3 ------------------------------------------------------------------------------------------

def p3(runs: int) -> dict:
    kg = [PY, "-m", "kg", "coverage"]
    subprocess.run(kg, capture_output=True, check=True, cwd=ROOT)  # warm the cache: P3 is the cached path

    def timed(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        return time.perf_counter() - t
    rdflib_times, kg_times = [], []
    for _ in range(runs):  # interleaved, so load on the machine hits both alike
        rdflib_times.append(timed([PY, "-c", "import rdflib"]))
        kg_times.append(timed(kg))
    return {"rdflib": median(rdflib_times), "kg": median(kg_times)}


def versions() -> str:
    import bibtexparser
    import pyoxigraph
    import rdflib

    return (f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, bibtexparser "
            f"{bibtexparser.__version__}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes (checks the script, not the targets)")
    parser.add_argument("--bib", type=Path, help="P1's bibliography [default: generated from cdl.bib]")
    parser.add_argument("--source", type=Path, help="real entries for the generated bibliography")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=["P1", "P2", "P3", "P5"])
    args = parser.parse_args()
    only = set(args.only or ["P1", "P2", "P3", "P5"])
    entries = 5_000 if args.quick else 100_000
    # P2/P5 at ~1M triples (the targets' size): 200 themes, 25k claims citing 1-5 works, 20k excerpts
    # from 50 respondents. The example (100k claims) is 2.9M triples in kg's model, where each
    # citation is also a cito:Citation node (pages, second-hand source): measured as a second row.
    sizes = (20, 5_000, 1_000, 10, 2_000) if args.quick else (200, 25_000, 20_000, 50, 20_000)
    example = None if args.quick else (200, 100_000, 20_000, 50, 20_000)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    rows = []
    try:
        if "P1" in only:
            bib = args.bib
            if bib is None:
                sys.path.insert(0, str(ROOT / "scripts"))
                import gen_bib

                bib = work / "big.bib"
                source = args.source or gen_bib.DEFAULT_SOURCE
                bib.write_text(gen_bib.generate(entries, source), encoding="utf-8")
            r = p1(bib, args.runs, work)
            rows.append(("P1", f"build {r['entries']:,} entries ({r['triples']:,} triples)", r["build"],
                         "bibtexparser bare parse", r["bare"], r["build"] / r["bare"], "<= 1.5x"))
        if only & {"P2", "P5"}:
            r = p2(sizes, args.runs, work)
            if "P2" in only:
                rows.append(("P2", f"coverage, {r['triples']:,} triples, {r['themes']} themes", r["oxigraph"],
                             "same report on rdflib", r["rdflib"], r["rdflib"] / r["oxigraph"], "<= 1.0 s and >= 15x"))
            if "P5" in only:
                rows.append(("P5", f"peak memory, load + coverage of {r['triples']:,} triples", r["rss_mb"],
                             "", None, None, "<= 1500 MB"))
            if example and "P2" in only:
                r = p2(example, args.runs, work)
                rows.append(("P2", f"coverage, the issue's example: {r['triples']:,} triples, 100k claims", r["oxigraph"],
                             "same report on rdflib", r["rdflib"], r["rdflib"] / r["oxigraph"], "(for reference)"))
                rows.append(("P5", f"peak memory, load + coverage of {r['triples']:,} triples", r["rss_mb"],
                             "", None, None, "(for reference)"))
        if "P3" in only:
            r = p3(max(args.runs, 5))
            rows.append(("P3", "kg coverage, bundled study, end to end", r["kg"], 'python -c "import rdflib"',
                         r["rdflib"], r["kg"] / r["rdflib"], "<= 2x"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(versions() + f"; medians of {args.runs} fresh processes{' (quick sizes)' if args.quick else ''}\n")
    print("| target | measured | value | baseline | baseline value | ratio | goal |")
    print("|---|---|---:|---|---:|---:|---|")
    for name, what, value, base, base_value, ratio, goal in rows:
        unit = " MB" if name == "P5" else " s"
        print(f"| {name} | {what} | {value:,.2f}{unit} | {base} | "
              f"{'' if base_value is None else f'{base_value:,.2f} s'} | {'' if ratio is None else f'{ratio:.2f}x'} | {goal} |")


if __name__ == "__main__":
    main()
