"""The one path from a project folder to its graph: load -> check -> build -> validate -> write.

The CLI and the tests share it; nothing here prints.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from typing import TYPE_CHECKING

from kg import __version__, resources
from kg.errors import FindingsError, InputError, KgError, Location, Problem, Report, display_path
from kg.graph.iris import Minter

if TYPE_CHECKING:  # the readers and the builder are imported where used: a cached graph needs none
    from kg import model
    from kg.graph.store import StudyGraph
    from kg.graph.remote import Endpoint
    from kg.graph.terms import Triple


@dataclass
class Built:
    """A built, validated study graph."""

    study: model.Study
    triples: list[Triple]
    ntriples: str
    locations: dict[str, Location]  # record IRI -> where it was written, for messages
    warnings: list[Problem] = field(default_factory=list)
    loaded: object = None  # an embedded store already holding the graph (big builds load while reading)
    keep_going: bool = False  # built with bad BibTeX entries skipped: the cache remembers, to rebuild so

    @cached_property
    def size(self) -> int:
        """Number of triples (one N-Triples line each); counted once: a big graph's text is 300 MB."""
        return self.ntriples.count("\n")

    @property
    def iri(self) -> str:
        return Minter(self.study.info.id, self.study.info.base).study

    def store(self):
        """The graph in an embedded store (the one filled while building, if any; once)."""
        from kg.graph.store import load_store

        if self.loaded is not None:
            store, self.loaded = self.loaded, None
            return store
        return load_store(self.ntriples)


def project_dir(project: str | Path | None) -> Path:
    """The project folder (bib/ and study/); None means the bundled study."""
    root = Path(project) if project is not None else resources.bundled_project()
    if not (root / "study").is_dir():
        raise InputError(Report([Problem(Location(display_path(root)),
                                         "not a kg project: it needs a study/ folder of annotations (*.yaml) "
                                         "and a bib/ folder of BibTeX files; see docs/annotations.md")]))
    return root


def input_files(root: Path) -> list[Path]:
    return sorted((root / "bib").glob("*.bib")) + sorted((root / "study").glob("*.y*ml"))


def load(project: str | Path | None = None, sink=None, keep_going: bool = False) -> tuple[model.Study, Report]:
    """Read and cross-check a project; raises InputError listing every problem. A big bibliography
    is read in worker processes, and `sink` (if given) receives its works' N-Triples chunk by chunk.
    With `keep_going`, a bad BibTeX entry is reported as skipped and the rest is built; a .bib file
    that cannot be read at all, and any annotation problem, still stop the build."""
    from kg import ingest, model
    from kg.check.references import check_study
    from kg.read.bibtex import read_bib_files, read_bib_text
    from kg.read.study import read_annotations

    root = project_dir(project)
    report = Report()
    bibs = sorted((root / "bib").glob("*.bib"))
    if not bibs:
        report.error(Location(display_path(root / "bib")), "no BibTeX files (*.bib) in this folder")
    info, records = read_annotations(root / "study", report)
    texts = {path: text for path in bibs if (text := read_bib_text(path, report)) is not None}
    work_ntriples = None
    if info is not None and ingest.worth_it(list(texts.values())):
        # a big bibliography: worker processes read it and write its works' triples
        base = Minter(info.id, info.base).base
        works, work_ntriples = ingest.read_parallel([(p, display_path(p), t) for p, t in texts.items()], base, report,
                                                    sink=sink)
    else:
        works = read_bib_files(list(texts), report, texts)
    if keep_going:  # entries of the files that could be read; an unreadable file stays an error
        report.skip_errors_in({display_path(p) for p in texts})
    report.raise_if_errors()
    assert info is not None  # read_annotations reports a missing study section
    text = None
    if info.text:
        text_path = root / "study" / info.text
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report.error(info.locs["text"], f"cannot read the manuscript text {display_path(text_path)}: "
                                            f"{getattr(exc, 'strerror', None) or exc}")
    study = model.Study(info=info, works=works, records=records, text=text, root=str(root), work_ntriples=work_ntriples)
    check_study(study, report)
    report.raise_if_errors()
    return study, report


def build(project: str | Path | None = None, *, validate: bool = True, keep_going: bool = False) -> Built:
    """Load, check, build the triples and (by default) validate them against the SHACL shapes.
    Raises InputError (exit 2) for bad input, FindingsError (exit 1) for shape violations.
    `keep_going` skips bad BibTeX entries (see `load`); they are listed in `Built.warnings`."""
    from kg.graph.build import build as build_triples
    from kg.graph.terms import to_ntriples

    import pyoxigraph as ox

    from kg.gcpause import paused_gc
    from kg.graph.store import load_store

    store = ox.Store()  # a big bibliography's chunks load here while the workers read the rest
    with paused_gc():
        study, report = load(project, sink=lambda chunk: load_store(chunk, store), keep_going=keep_going)
        triples = build_triples(study)
        annotations = to_ntriples(triples)
    ntriples = (study.work_ntriples or "") + annotations
    loaded = load_store(annotations, store) if study.work_ntriples is not None else None
    built = Built(study, triples, ntriples, _locations(study), report.warnings, loaded, keep_going)
    if validate:
        from kg.check.shacl import validate as shacl_validate
        from kg.progress import progress

        with progress("validating (SHACL)", None):
            violations = shacl_validate(shacl_subject(built), resources.shapes_file(), resources.ontology_file(),
                                        built.locations)
        built.warnings.extend(violations.warnings)
        if violations.errors:
            n = len(violations.errors)
            raise FindingsError(f"{violations}\nthe graph does not conform to {display_path(resources.shapes_file())}"
                                f" ({n} violation{'s' if n != 1 else ''}); nothing was written.")
    return built


SHACL_ALL_UP_TO = 50_000  # triples; pySHACL (on rdflib) takes ~10 s per 100k triples


def shacl_subject(built: Built) -> str:
    """What SHACL validates: the whole graph while it is small; for a big bibliography, every
    annotation triple plus the triples of the works the annotations cite. The other works' triples
    are written by kg's own builder from BibTeX the reader has checked entry by entry."""
    if built.size <= SHACL_ALL_UP_TO:
        return built.ntriples
    from kg.graph.terms import block_of, to_ntriples

    prefix = Minter(built.study.info.id, built.study.info.base).work("")

    def work_of(iri: str) -> str:  # a work's or its author's IRI -> the work's key
        return iri[len(prefix):].split("/", 1)[0]

    cited = {work_of(o) for s, _, o in built.triples
             if isinstance(o, str) and o.startswith(prefix) and not s.startswith(prefix)}
    text = built.study.work_ntriples or ""  # the parallel reader's works (not in built.triples)
    spans = (block_of(text, prefix + key) for key in cited)  # found by their place, not by a scan
    blocks = [text[a:b] for a, b in filter(None, spans)]
    return "".join(blocks) + to_ntriples(t for t in built.triples
                                         if not t[0].startswith(prefix) or work_of(t[0]) in cited)


def _locations(study: model.Study) -> dict[str, Location]:
    iri = Minter(study.info.id, study.info.base)
    locations = {iri.work(w.key): w.loc for w in study.works.values()}
    for section, records in study.records.items():
        for rec in records:
            locations[iri.of(section, rec.id)] = rec.locs[""]
    locations[iri.study] = study.info.locs[""]
    return locations


# -- the cached graph: later commands reuse the last build while its inputs are unchanged --------


def cache_dir(root: Path) -> Path:
    base = Path(os.environ.get("KG_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg")
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return base / f"{root.resolve().name}-{key}"


def fingerprint(root: Path) -> str:
    """Changes whenever an input, the ontology, the shapes or kg's version changes."""
    h = hashlib.sha256(__version__.encode())
    for path in input_files(root) + [resources.ontology_file(), resources.shapes_file()]:
        h.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def save_cache(built: Built) -> Problem | None:
    """Cache the graph for later commands; a cache that cannot be written (a read-only or full
    home) is a warning, returned: the build itself succeeded, later commands build again."""
    from kg.export import atomic_write

    root = Path(built.study.root)
    folder = cache_dir(root)
    meta = {"fingerprint": fingerprint(root), "study": built.study.info.id, "iri": built.iri,
            "triples": built.size, "keep_going": built.keep_going}
    try:
        atomic_write(folder / "meta.json", b"{}")  # invalid first: a kill between the two writes is a miss
        atomic_write(folder / "graph.nt", built.ntriples.encode("utf-8"))
        atomic_write(folder / "meta.json", json.dumps(meta, indent=2).encode())
    except KgError as exc:
        return Problem(Location(display_path(folder)), f"the graph was not cached ({exc}); "
                                                       "set KG_CACHE_DIR to a writable folder", "warning")
    return None


def open_graph(project: str | Path | None = None, *, store: str | Path | None = None,
               endpoint: "Endpoint | None" = None, study: str | None = None) -> "StudyGraph":
    """A study's graph, ready to query: by default the project's graph in the embedded store (from
    the cache while its inputs are unchanged); with `store`, from an on-disk store `kg build --store`
    filled; with `endpoint`, from a SPARQL server `kg push` loaded. `study` (an id or IRI) picks one
    of several studies; with a PROJECT and a store or endpoint, the project's study is used."""
    from kg.graph.store import StudyGraph, load_store

    if store is None and endpoint is None:
        data, meta = cached_ntriples(project)
        return StudyGraph(load_store(data), meta["iri"])
    if store is not None:
        from kg.graph.store import open_disk_store

        backend = open_disk_store(store, read_only=True)
        where = display_path(store)
    else:
        from kg.graph.remote import RemoteStore

        backend = RemoteStore(endpoint)
        where = endpoint.query_url
    wanted = study or (cached_ntriples(project)[1]["iri"] if project is not None else None)
    found = studies_in(backend)
    if wanted is not None:
        match = [g for g in found if g == wanted or g.rstrip("/").rsplit("/", 1)[-1] == wanted]
    else:
        match = found if len(found) == 1 else []
    if len(match) != 1:
        listed = ", ".join(found) or "none"
        why = f"no study '{wanted}'" if wanted else "several studies; pick one with --study" if found else "no study"
        raise KgError(f"{where}: {why} (studies there: {listed}); load one with `kg build --store` or `kg push`")
    return StudyGraph(backend, match[0], graph=match[0])


def studies_in(backend) -> list[str]:
    """The named graphs of a store that hold a kg study (named after the study's IRI)."""
    from kg.vocab import KG, RDF

    rows = backend.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g <{RDF.type}> <{KG.Study}> }} }}")
    return sorted(r["g"].value for r in rows)


def cached_ntriples(project: str | Path | None = None) -> tuple[bytes, dict]:
    """The project's graph as N-Triples, from the cache when fresh, else built (and cached)."""
    root = project_dir(project)
    folder = cache_dir(root)
    meta = {}
    try:
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("fingerprint") == fingerprint(root):
            return (folder / "graph.nt").read_bytes(), meta
    except (OSError, ValueError):
        pass
    built = build(root, keep_going=bool(meta.get("keep_going")))  # as the last `kg build` did
    save_cache(built)
    return built.ntriples.encode("utf-8"), {"study": built.study.info.id, "iri": built.iri,
                                            "triples": built.size}
