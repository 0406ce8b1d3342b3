#!/usr/bin/env python3
"""Which embedded store should kg use? Load and query the bundled study's graph, copied until it
reaches a given size, in rdflib's in-memory Graph and in pyoxigraph's Store, in one process.

    python scripts/measure_store.py              # 1x, 20x, 200x the bundled study (~5k..1M triples)
    python scripts/measure_store.py --copies 1 20

Prints a Markdown table; README "Choosing the store" carries its output. Medians of --runs runs.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import time

import pyoxigraph as ox
import rdflib

from kg import pipeline
from kg.vocab import PREFIXES

QUERY = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + """
SELECT ?theme (COUNT(DISTINCT ?r) AS ?respondents) (COUNT(DISTINCT ?w) AS ?works) WHERE {
  { ?e kg:hasTheme ?theme ; a kg:Excerpt ; kg:voicedBy ?r }
  UNION
  { ?c kg:hasTheme ?theme ; cito:obtainsSupportFrom ?w }
} GROUP BY ?theme"""


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def scaled(ntriples: str, base: str, copies: int) -> bytes:
    return "".join(ntriples.replace(base, f"{base}copy{i}/") for i in range(copies)).encode()


def measure(data: bytes, runs: int) -> dict[str, float]:
    out: dict[str, list[float]] = {k: [] for k in ("rdflib load", "rdflib query", "oxigraph load", "oxigraph query")}
    for _ in range(runs):
        t, graph = timed(lambda: rdflib.Graph().parse(data=data, format="nt"))
        out["rdflib load"].append(t)
        t, rows_rdflib = timed(lambda: len(list(graph.query(QUERY))))
        out["rdflib query"].append(t)
        del graph
        store = ox.Store()
        t, _ = timed(lambda: store.bulk_load(data, ox.RdfFormat.N_TRIPLES))
        out["oxigraph load"].append(t)
        t, rows_ox = timed(lambda: len(list(store.query(QUERY))))
        out["oxigraph query"].append(t)
        assert rows_rdflib == rows_ox, (rows_rdflib, rows_ox)  # same answers
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 20, 200])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    built = pipeline.build(validate=False)
    print(f"python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {ox.__version__}, "
          f"{platform.machine()}, medians of {args.runs} runs\n")
    print("| triples | rdflib load | oxigraph load | ratio | rdflib query | oxigraph query | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for copies in args.copies:
        data = scaled(built.ntriples, built.iri, copies)
        m = measure(data, args.runs if copies < 100 else 1)
        print(f"| {len(built.triples) * copies:,} | {m['rdflib load']:.3f} s | {m['oxigraph load']:.3f} s | "
              f"{m['rdflib load'] / m['oxigraph load']:.1f}x | {m['rdflib query']:.3f} s | "
              f"{m['oxigraph query']:.3f} s | {m['rdflib query'] / m['oxigraph query']:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
