"""A remote SPARQL 1.1 endpoint as a store: the SPARQL Protocol for queries, the Graph Store
Protocol (or SPARQL Update) for loading a study's graph. Results are parsed by pyoxigraph, so the
rest of kg sees the same terms and solutions as with the embedded store.

Only the standard library speaks HTTP here; the study's named graph is made the query's default
graph with the protocol's `default-graph-uri` parameter, so the same query text runs unchanged.
"""
from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KgError

JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoint:
    query_url: str
    update_url: str | None = None  # default: the query URL with /query -> /update (Oxigraph, Fuseki)
    gsp_url: str | None = None  # Graph Store Protocol; default: /query -> /store (Oxigraph) or /data (Fuseki)
    user: str | None = None
    password: str | None = None
    timeout: float = 300.0

    def _sibling(self, name: str) -> str:
        base, sep, last = self.query_url.rstrip("/").rpartition("/")
        return f"{base}/{name}" if sep and last in ("query", "sparql") else f"{self.query_url.rstrip('/')}/{name}"

    @property
    def update(self) -> str:
        return self.update_url or self._sibling("update")

    @property
    def store(self) -> str:
        return self.gsp_url or self._sibling("store")


class RemoteStore:
    """The subset of pyoxigraph.Store's reading API kg uses, over HTTP."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint

    def _request(self, url: str, data: bytes | None, content_type: str | None, accept: str,
                 method: str = "POST") -> bytes:
        headers = {"Accept": accept, "User-Agent": "kg"}
        if content_type:
            headers["Content-Type"] = content_type
        if self.endpoint.user is not None:
            token = f"{self.endpoint.user}:{self.endpoint.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.endpoint.timeout) as response:  # noqa: S310 (user's URL)
                return response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            raise RemoteError(exc.code, f"{url}: HTTP {exc.code} {exc.reason}: {body[:500]}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KgError(f"{url}: cannot reach the SPARQL endpoint ({reason}); is the server running?") from None

    def query(self, text: str, *, prefixes: dict[str, str] | None = None, substitutions: dict | None = None,
              default_graph: str | None = None):
        """SELECT/ASK -> pyoxigraph solutions or bool; CONSTRUCT/DESCRIBE -> list of triples.
        Substitutions become a trailing VALUES clause of pyoxigraph-serialised terms (never raw text)."""
        head = "".join(f"PREFIX {p}: <{ns}> " for p, ns in (prefixes or {}).items())
        if substitutions:
            text = with_values(text, substitutions)
        body = head + "\n" + text if head else text
        params = urllib.parse.urlencode({"default-graph-uri": default_graph}) if default_graph else ""
        url = self.endpoint.query_url + (("&" if "?" in self.endpoint.query_url else "?") + params if params else "")
        try:
            data = self._request(url, body.encode("utf-8"), "application/sparql-query",
                                 f"{JSON_RESULTS}, {NTRIPLES};q=0.9")
        except RemoteError as exc:
            if exc.status == 400:  # the server's own syntax message, at the line of the user's text
                m = re.search(r"error at (\d+):(\d+): (.*)", str(exc), flags=re.S)
                if m:
                    line = int(m.group(1)) - (1 if head else 0)
                    raise SyntaxError(f"error at {line}:{m.group(2)}: {m.group(3)}") from None
                raise SyntaxError(str(exc)) from None
            raise
        if data.lstrip().startswith(b"{"):
            return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)]

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph atomically with the Graph Store Protocol (HTTP PUT)."""
        url = f"{self.endpoint.store}?{urllib.parse.urlencode({'graph': graph})}"
        self._request(url, ntriples, NTRIPLES, "*/*", method="PUT")

    def update(self, text: str) -> None:
        self._request(self.endpoint.update, text.encode("utf-8"), "application/sparql-update", "*/*")


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_COMMENT = re.compile(r"(^|\s)#[^\n]*")


def with_values(text: str, substitutions: dict) -> str:
    """Bind variables as the engine's substitutions would: a VALUES block of pyoxigraph-serialised
    terms opening the WHERE group (so it binds before OPTIONAL parts), else trailing the query.
    The terms are serialised by pyoxigraph, never pasted from user text."""
    values = ("VALUES (" + " ".join(f"?{v.value}" for v in substitutions) + ") { ("
              + " ".join(str(t) for t in substitutions.values()) + ") } ")
    blanked = _COMMENT.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
    m = _WHERE.search(blanked)
    if m:
        return text[:m.end()] + " " + values + text[m.end():]
    return text + "\n" + values


class RemoteError(KgError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
