"""Shared fixtures: the tiny project, a way to break it, and the bundled study built once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
BAD = DATA / "bad"


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory, monkeypatch):
    """Never write into the user's ~/.cache from a test."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kg-cache"))


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A fresh, writable copy of the tiny project."""
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def bundled():
    """The bundled study, built and validated once for the whole session."""
    from kg import pipeline

    return pipeline.build()


@pytest.fixture(scope="session")
def bundled_store(bundled):
    return bundled.store()


def expectation(path: Path) -> tuple[str, str]:
    """A bad file's first line: '% expect: 3: text' or '# expect: 4:5: text' -> ('3', 'text')."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    _, _, rest = first.partition("expect: ")
    where, _, text = rest.partition(": ")
    return where, text


# -- stores: every query, coverage and network test runs on each ---------------------------------

import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

BACKENDS = ("memory", "disk", "server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need(what: str, why: str):
    """A missing service fails the run in CI (CI=true) and skips the test elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI: {why}")
    pytest.skip(f"{what} unavailable: {why}")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL server on a loopback port: the one .ci/run started (KG_TEST_ENDPOINT),
    or one started here (`oxigraph serve` on a temporary folder) and stopped at the end."""
    from kg.graph.remote import Endpoint
    from kg.serve import oxigraph_binary

    given = os.environ.get("KG_TEST_ENDPOINT")
    if given:
        try:
            urllib.request.urlopen(f"{given}?query=ASK%7B%7D", timeout=5).read()
        except OSError as exc:
            _need("the SPARQL server at KG_TEST_ENDPOINT", f"{given}: {exc}")
        yield Endpoint(given)
        return

    try:
        binary = oxigraph_binary()
    except Exception as exc:  # noqa: BLE001
        _need("the oxigraph server", str(exc))
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _need("the oxigraph server", f"it did not start on port {port}: "
                      f"{process.stderr.read().decode(errors='replace')[:300] if process.stderr else ''}")
            time.sleep(0.1)
    yield Endpoint(url)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session", params=BACKENDS)
def backend_graph(request, tmp_path_factory):
    """The bundled study's graph in the embedded store, in an on-disk store, and on a real server."""
    import kg
    from kg import pipeline, serve
    from kg.graph.store import open_disk_store, replace_graph

    if request.param == "memory":
        return kg.open_graph()
    data, meta = pipeline.cached_ntriples(None)
    if request.param == "disk":
        folder = tmp_path_factory.mktemp("store")
        store = open_disk_store(folder)
        replace_graph(store, meta["iri"], data)
        del store
        return pipeline.open_graph(store=folder)
    endpoint = request.getfixturevalue("oxigraph_server")
    serve.push(endpoint, meta["iri"], data)
    return pipeline.open_graph(endpoint=endpoint, study=meta["iri"])
