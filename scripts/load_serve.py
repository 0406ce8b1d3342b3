#!/usr/bin/env python3
"""Load test of `kg serve` on loopback: N queries from C concurrent clients, bounded in count and
time, then one query that runs too long, to show the server's timeout cuts it off.

    python scripts/load_serve.py                      # 1,000 queries, 20 clients, the bundled study
    python scripts/load_serve.py --queries 200 --clients 10 --timeout 2

Only 127.0.0.1 is ever contacted: the script starts the server itself and stops it.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [  # the kinds of question a client asks, cheap and less cheap
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?t ?l WHERE { ?t a <https://w3id.org/kg/ns#Theme> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
    "SELECT ?theme (COUNT(DISTINCT ?w) AS ?n) WHERE { ?c <https://w3id.org/kg/ns#hasTheme> ?theme ; "
    "<http://purl.org/spar/cito/obtainsSupportFrom> ?w } GROUP BY ?theme",
    "ASK { ?e a <https://w3id.org/kg/ns#Excerpt> }",
]
TOO_LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str, query: str, timeout: float) -> tuple[float, bool, str]:
    start = time.perf_counter()
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        json.loads(body)  # a cut-off or broken answer is not JSON
        return time.perf_counter() - start, True, ""
    except Exception as exc:  # noqa: BLE001 - every failure is counted, whatever it is
        return time.perf_counter() - start, False, f"{type(exc).__name__}: {exc}"[:200]


def run(queries: int, clients: int, timeout: float, project: str | None) -> dict:
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port), "--timeout", f"{timeout:g}"]
    server = subprocess.Popen(command + ([project] if project else []), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while not ask(url, "ASK {}", 2)[1]:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-500:]}")
            time.sleep(0.2)
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(lambda i: ask(url, QUERIES[i % len(QUERIES)], 60), range(queries)))
        wall = time.perf_counter() - start
        latencies = sorted(r[0] for r in results)
        errors = [r[2] for r in results if not r[1]]
        cut_seconds, cut_ok, cut_error = ask(url, TOO_LONG, timeout + 60)
        after = ask(url, QUERIES[0], 10)  # the server still answers after the cut-off
        return {"queries": queries, "clients": clients, "errors": len(errors), "first_error": errors[:1],
                "wall_s": round(wall, 2), "qps": round(queries / wall, 1),
                "p50_ms": round(1000 * statistics.median(latencies), 1),
                "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
                "timeout_s": timeout, "long_query_s": round(cut_seconds, 2), "long_query_completed": cut_ok,
                "long_query_error": cut_error, "answers_after": after[1]}
    finally:
        server.terminate()
        server.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's query timeout, seconds")
    parser.add_argument("project", nargs="?")
    args = parser.parse_args()
    print(json.dumps(run(args.queries, args.clients, args.timeout, args.project), indent=2))


if __name__ == "__main__":
    main()
