"""`kg serve`: a read-only SPARQL 1.1 endpoint over a study's graph, run by the Oxigraph server
(PyPI's `oxigraph`, `serve-read-only`): a real, threaded server with a query timeout, rather than
a home-made one. `kg push`: load a study into any SPARQL server."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from kg.errors import KgError


def oxigraph_binary() -> str:
    """The `oxigraph` command installed with kg (beside this Python), or on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise KgError("the Oxigraph server is not installed; `pip install oxigraph` (a dependency of kg)")
    return found


def prepare_store(ntriples: bytes, iri: str, folder: Path | None = None) -> Path:
    """An on-disk store holding the study in its named graph (a temporary folder unless given)."""
    from kg.graph.store import open_disk_store, replace_graph

    target = folder or Path(tempfile.mkdtemp(prefix="kg-serve-"))
    store = open_disk_store(target)
    replace_graph(store, iri, ntriples)
    del store  # closes it, so the server can open it
    return target


def server_command(location: Path, host: str, port: int, timeout: float) -> list[str]:
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"{host}:{port}",
            "--union-default-graph", "--timeout-s", f"{timeout:g}"]


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when kg dies, even by SIGKILL."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def run_server(command: list[str]) -> int:
    """Run the server in the foreground until it stops, Ctrl-C or SIGTERM; the server never outlives kg."""
    process = subprocess.Popen(command, preexec_fn=_die_with_parent if sys.platform == "linux" else None)

    def stop(signum, frame):  # SIGTERM: stop the server too, then exit as Ctrl-C would
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def push(endpoint, iri: str, ntriples: bytes, batch: int = 50_000) -> str:
    """Load a study into its named graph on a server: one Graph Store Protocol PUT (an atomic
    replace) when the server offers it, else SPARQL Update in batches (not atomic). Says which."""
    from kg.graph.remote import RemoteError, RemoteStore

    remote = RemoteStore(endpoint)
    try:
        remote.put_graph(iri, ntriples)
        return "graph store protocol (atomic replace)"
    except RemoteError as exc:
        if exc.status not in (400, 404, 405, 415, 501):
            raise
    lines = ntriples.decode("utf-8").splitlines()
    remote.update(f"DROP SILENT GRAPH <{iri}>")
    for start in range(0, len(lines), batch):
        chunk = "\n".join(lines[start:start + batch])
        remote.update(f"INSERT DATA {{ GRAPH <{iri}> {{\n{chunk}\n}} }}")
    return f"SPARQL Update in {max(1, -(-len(lines) // batch))} batch(es) (not atomic)"
