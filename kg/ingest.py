"""The parallel path for big bibliographies: BibTeX -> works -> N-Triples in worker processes.

bibtexparser's parse is single-threaded and is most of a build's cost; a 2-core machine halves it
by giving each worker whole entries (the file is cut where a line starts a block, as bibtexparser
itself reads it). Each worker returns its works' N-Triples and light `Work` records (key, type,
location) for the reference checks; the main process never rebuilds them.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kg.errors import Location, Problem, Report
from kg.graph.iris import Minter
from kg.model import Work

PARALLEL_MIN_BYTES = 2_000_000  # below this, one process is faster than starting workers
_BLOCK_START = re.compile(r"^@", re.M)
_STRING_BLOCK = re.compile(r"^@string\s*[{(]", re.M | re.I)


def worth_it(texts: list[str]) -> bool:
    return ((os.cpu_count() or 1) > 1 and sum(len(t) for t in texts) >= PARALLEL_MIN_BYTES
            and not any("crossref" in t.lower() for t in texts))  # crossref needs every entry at once


def chunks(text: str, n: int) -> list[tuple[int, str]]:
    """About n pieces of whole blocks, with the 0-based line each starts at."""
    starts = [m.start() for m in _BLOCK_START.finditer(text)]
    if len(starts) < 2 * n:
        return [(0, text)]
    size = len(text) // n
    cuts, next_at = [0], size
    for s in starts:
        if s >= next_at:
            cuts.append(s)
            next_at = s + size
    cuts.append(len(text))
    out, line = [], 0
    for a, b in zip(cuts, cuts[1:]):
        out.append((line, text[a:b]))
        line += text.count("\n", a, b)
    return out


def string_prelude(text: str) -> tuple[str, str]:
    """(every @string block of the file, the text with those blocks blanked but its lines kept):
    each worker reads the macros first, then its own entries."""
    blocks, spans = [], []
    for m in _STRING_BLOCK.finditer(text):
        end = _block_end(text, m.end() - 1)
        if end is None:
            continue  # left in place: the reader of its chunk reports it
        blocks.append(text[m.start():end])
        spans.append((m.start(), end))
    rest = text
    for a, b in reversed(spans):
        rest = rest[:a] + re.sub(r"[^\n]", " ", rest[a:b]) + rest[b:]
    return ("\n".join(blocks) + "\n" if blocks else ""), rest


def _block_end(text: str, opener: int) -> int | None:
    """The index after the `}` or `)` that closes the block opened at `opener`."""
    close = "}" if text[opener] == "{" else ")"
    depth = 0
    for i in range(opener, min(len(text), opener + 100_000)):
        ch = text[i]
        if ch in "{(" and (ch == text[opener] or ch == "{"):
            depth += 1
        elif ch in "})" and (ch == close or ch == "}"):
            depth -= 1
            if depth == 0:
                return i + 1
    return None


Chunk = tuple[list[Work], str, list[Problem], dict[str, Location]]  # works, N-Triples, problems, dropped keys


def _job(args: tuple[str, str, int, str, str]) -> Chunk:
    from kg.gcpause import paused_gc

    with paused_gc():
        return _read_chunk(*args)


def _read_chunk(chunk: str, prelude: str, first_line: int, path: str, base: str) -> Chunk:
    from kg import model
    from kg.graph.build import _Builder
    from kg.graph.iris import Minter
    from kg.graph.terms import to_ntriples
    from kg.read.bibtex import parse_bib_text

    report = Report()
    shift = first_line - prelude.count("\n")
    dropped: dict[str, Location] = {}
    works = parse_bib_text(prelude + chunk, path, report, dropped)
    study = model.Study(info=model.StudyInfo(id="", title="", manuscript=""), works={}, records={})
    out: list = []
    builder = _Builder(Minter("", base=base), study, out)
    light = []
    for w in works:
        builder.work(w)
        light.append(Work(w.key, w.entry_type, {}, loc=_moved(w.loc, shift)))
    in_prelude = prelude.count("\n")
    problems = [Problem(_moved(p.location, shift), p.message, p.severity) for p in report.problems
                if p.location.line > in_prelude or first_line == 0]  # macro problems: reported once
    return light, to_ntriples(out), problems, {k: _moved(loc, shift) for k, loc in dropped.items()}


def _moved(loc: Location, shift: int) -> Location:
    return Location(loc.path, loc.line + shift, loc.col) if loc.line else loc


def read_parallel(paths: list[tuple[Path, str, str]], base: str, report: Report,
                  workers: int | None = None, sink=None) -> tuple[dict[str, Work], str]:
    """(path, shown path, text) of each file -> light works by key and their N-Triples. `sink`, if
    given, gets each chunk's N-Triples as it arrives (to load a store while the workers go on)."""
    jobs = []
    n = workers or os.cpu_count() or 2
    for _, shown, text in paths:
        prelude, rest = string_prelude(text)
        for first_line, chunk in chunks(rest, n * 4):
            jobs.append((chunk, prelude, first_line, shown, base))
    works: dict[str, Work] = {}
    bad: dict[str, Location] = {}  # keys of entries left out for an error, and where
    parts: list[str] = []
    from kg.progress import progress

    with ProcessPoolExecutor(max_workers=n) as pool, progress("reading the bibliography", len(jobs)) as advance:
        for light, nt, problems, dropped in pool.map(_job, jobs):
            advance(1)
            report.problems.extend(problems)
            for w in light:
                first = works[w.key].loc if w.key in works else bad.get(w.key)
                if first is not None:  # as the serial reader does: a key's first entry wins, even a bad one
                    report.error(w.loc, f"duplicate key '{w.key}' (first at {first}); rename one of the entries")
                    nt = _without_work(nt, Minter("", base=base).work(w.key))  # the first entry keeps the IRI
                else:
                    works[w.key] = w
            for key, loc in dropped.items():
                if key not in works:
                    bad.setdefault(key, loc)
            parts.append(nt)
            if sink is not None:
                sink(nt)
    return works, "".join(parts)


def _without_work(nt: str, iri: str) -> str:
    """A chunk's N-Triples without one work's block."""
    from kg.graph.terms import block_of

    span = block_of(nt, iri)
    return nt if span is None else nt[:span[0]] + nt[span[1]:]
