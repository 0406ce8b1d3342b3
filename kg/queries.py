"""The named query library (ontology/queries/*.rq) and running SPARQL with safely bound parameters.

A parameter is never pasted into query text: an id is checked against the graph and minted into
an IRI, a text value becomes a literal, and both reach the engine as SPARQL substitutions
(pyoxigraph's `substitutions`, SEP-0007), so `x" } ; DROP ALL ; #` is only ever data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import resources
from kg.errors import InputError, KgError, Location, Problem, Report, display_path
from kg.graph.store import StudyGraph, compact
from kg.read.study import closest
from kg.vocab import FABIO, KG, PREFIXES, RDF, XSD

# what a parameter may name -> (section for IRIs, class its instances have); None: a literal
PARAM_KINDS: dict[str, tuple[str, str] | None] = {
    "theme id": ("themes", KG.Theme), "actor id": ("actors", KG.Actor), "tool id": ("tools", KG.Tool),
    "respondent id": ("respondents", KG.Respondent), "research question id": ("research_questions", KG.ResearchQuestion),
    "citation key": ("works", FABIO.Expression), "text": None,
}
QUERY_PREFIXES = dict(PREFIXES)
_PARAM = re.compile(r"^(\w+) \(([^,)]+)(, optional)?\)\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    optional: bool
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path


@dataclass
class Table:
    """A SELECT result: column names and rows of plain Python values."""

    columns: list[str]
    rows: list[list[Any]]


def queries_dir() -> Path:
    return resources.ontology_dir() / "queries"


def library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without .rq)."""
    out = {}
    for path in sorted((folder or queries_dir()).glob("*.rq")):
        out[path.stem] = parse_header(path)
    return out


def parse_header(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    last = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        key, sep, value = body.partition(":")
        if sep and key in ("title", "description", "param"):
            last = key
            if key == "param":
                m = _PARAM.match(value.strip())
                if not m or m.group(2) not in PARAM_KINDS:
                    raise InputError(Report([Problem(Location(display_path(path), lineno),
                                     f"a parameter is declared as 'name (kind[, optional]) doc' with kind one of "
                                     f"{', '.join(PARAM_KINDS)}")]))
                params.append(Param(m.group(1), m.group(2), bool(m.group(3)), m.group(4)))
            else:
                fields[key] = value.strip()
        elif last in ("title", "description") and body:  # a continuation line
            fields[last] += " " + body
    for needed in ("title", "description"):
        if needed not in fields:
            raise InputError(Report([Problem(Location(display_path(path), 1), f"the query has no '# {needed}:' line")]))
    return NamedQuery(path.stem, fields["title"], fields["description"], tuple(params), text, path)


def run_named(graph: StudyGraph, name: str, params: dict[str, str] | None = None) -> Table:
    queries = library()
    if name not in queries:
        raise KgError(f"no query named '{name}'{closest(name, queries)}; `kg query --list` lists them")
    query = queries[name]
    given = dict(params or {})
    declared = {p.name: p for p in query.params}
    for key in given:
        if key not in declared:
            raise KgError(f"query '{name}' has no parameter '{key}'"
                          + (f"; it takes: {', '.join(declared)}" if declared else "; it takes none"))
    substitutions = {}
    for p in query.params:
        if p.name in given:
            substitutions[ox.Variable(p.name)] = bind(graph, p, given[p.name])
        elif not p.optional:
            raise KgError(f"query '{name}' needs --param {p.name}=... ({p.kind})")
    result = execute(graph, query.text, source=display_path(query.path), substitutions=substitutions)
    assert isinstance(result, Table)
    return result


def bind(graph: StudyGraph, param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term: a known id as its IRI, anything else as a literal."""
    target = PARAM_KINDS[param.kind]
    if target is None:
        return ox.Literal(value)
    section, cls = target
    iri = ox.NamedNode(graph.minter.of(section, value))
    if not any(graph.triples(iri, ox.NamedNode(RDF.type), ox.NamedNode(cls))):
        known = ids_of(graph, section, cls)
        raise KgError(f"no {param.kind.removesuffix(' id')} '{value}' in this study{closest(value, known)}")
    return iri


def ids_of(graph: StudyGraph, section: str, cls: str) -> list[str]:
    prefix = graph.minter.of(section, "")
    subjects = (s.value for s, _, _ in graph.triples(None, ox.NamedNode(RDF.type), ox.NamedNode(cls)))
    return sorted(s[len(prefix):] for s in subjects if s.startswith(prefix))


def execute(graph: StudyGraph, text: str, *, source: str = "query", substitutions: dict | None = None):
    """Run a SPARQL query: a Table for SELECT, a bool for ASK, a list of triples for CONSTRUCT/DESCRIBE.
    A syntax error is an input error at `source:line:col`; updates are refused (read-only)."""
    try:
        result = graph.query(text, prefixes=QUERY_PREFIXES, substitutions=substitutions or None)
    except SyntaxError as exc:
        message = _UPDATE_REFUSED if _UPDATE.match(_COMMENTS.sub("", text)) else _error_message(str(exc))
        raise InputError(Report([Problem(_error_location(str(exc), source), message)]), "nothing was run") from None
    except RuntimeError as exc:
        raise KgError(f"{source}: the query cannot run: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, (ox.QueryTriples, list)):  # a list: CONSTRUCT from a remote endpoint
        return list(result)
    columns = [v.value for v in result.variables]
    prefixes = graph.prefixes
    return Table(columns, [[to_python(row[c], prefixes) for c in columns] for row in result])


def _error_location(message: str, source: str) -> Location:
    m = re.match(r"error at (\d+):(\d+)", message)
    return Location(source, int(m.group(1)), int(m.group(2))) if m else Location(source)


_COMMENTS = re.compile(r"#[^\n]*|^\s*(PREFIX|BASE)\s+[^\n]*", re.I | re.M)
_UPDATE = re.compile(r"\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
_UPDATE_REFUSED = "this is a SPARQL update; kg runs queries only (SELECT, ASK, CONSTRUCT, DESCRIBE) and never changes the graph"


def _error_message(message: str) -> str:
    text = re.sub(r"^error at \d+:\d+: ", "", message).replace("\n", " ")
    if "Prefix not found" in text:
        return "unknown prefix; predeclared prefixes: " + ", ".join(sorted(QUERY_PREFIXES))
    return "SPARQL syntax error: " + (text if len(text) <= 160 else text[:157] + "...")


_NUMERIC = {XSD.integer: int, XSD.decimal: float}


def to_python(term: Any, prefixes: dict[str, str] | None = None) -> Any:
    """A cell value: numbers as numbers, booleans as bool, text as str, IRIs in prefixed form."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _NUMERIC or dt.endswith(("#long", "#int", "#double", "#float")):
            try:
                number = float(term.value) if dt != XSD.integer and not dt.endswith(("#long", "#int")) else int(term.value)
                return int(number) if isinstance(number, float) and number.is_integer() and dt == XSD.decimal else number
            except ValueError:
                return term.value
        if dt == XSD.boolean:
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode):
        return compact(term.value, prefixes) if prefixes else compact(term.value)
    return str(term)


