"""Faults: invalid Turtle in the ontology or shapes, a store in use by another process, BibTeX with
a byte-order mark or Windows line ends, a build killed at any point, a full or read-only disk."""
from __future__ import annotations

import signal
import subprocess
import sys

import pyoxigraph as ox
import pytest

from conftest import _need
from kg import resources
from kg.cli import cli


def test_invalid_shapes_turtle_is_reported_with_its_line(tiny, runner, tmp_path, monkeypatch):
    shapes = tmp_path / "shapes.ttl"
    text = resources.shapes_file().read_text(encoding="utf-8")
    shapes.write_text(text.replace("sh:targetClass kg:Claim ;", "sh:targetClass kg:Claim ;;; <broken", 1))
    line = text[: text.index("sh:targetClass kg:Claim ;")].count("\n") + 1
    monkeypatch.setattr(resources, "shapes_file", lambda: shapes)
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])
    assert result.exit_code == 2
    assert f"shapes.ttl:{line}:" in result.output and "invalid Turtle" in result.output
    assert not out.exists()


def test_a_store_in_use_is_refused_clearly(tiny, runner, tmp_path):
    folder = tmp_path / "store"
    assert runner.invoke(cli, ["build", str(tiny), "--store", str(folder), "-o", str(tmp_path / "a.ttl")]).exit_code == 0
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(30)", str(folder)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"open"
        result = runner.invoke(cli, ["build", str(tiny), "--store", str(folder), "-o", str(tmp_path / "b.ttl")])
        assert result.exit_code == 2
        assert "cannot open the store" in result.output and "another kg writing to it" in result.output
    finally:
        holder.kill()
        holder.wait()


def test_bom_and_windows_line_ends_are_read(tiny, runner):
    bib = tiny / "bib" / "tiny.bib"
    bib.write_bytes(b"\xef\xbb\xbf" + bib.read_bytes().replace(b"\n", b"\r\n"))
    result = runner.invoke(cli, ["check", str(tiny)])
    assert result.exit_code == 0, result.output


# -- a build killed at any point leaves the previous output and store intact ----------------------

# Runs `kg build` in a child process that SIGKILLs itself at one point of the real code path:
# the patches wrap what kg calls (os.fsync / os.replace of the output, the store's bulk load and
# its MOVE), so the code under test is kg's own.
KILLER = r"""
import os, signal, sys
import pyoxigraph as ox
from kg.graph import store as st

point, output = sys.argv[1], os.path.abspath(sys.argv[2])
die = lambda: os.kill(os.getpid(), signal.SIGKILL)
real_fsync, real_replace = os.fsync, os.replace

if point == "output written, not renamed":
    os.replace = lambda src, dst: die() if os.path.abspath(dst) == output else real_replace(src, dst)
if point == "output half written":
    def fsync(fd):
        os.ftruncate(fd, os.fstat(fd).st_size // 2)
        die()
    os.fsync = fsync

class Store:  # the real store, killed half-way through loading the staging graph or before the swap
    def __init__(self, real): self.real = real
    def __getattr__(self, name): return getattr(self.real, name)
    def bulk_load(self, data, *a, **k):
        if point == "store half loaded":
            lines = data.split(b"\n")
            self.real.bulk_load(b"\n".join(lines[: len(lines) // 2]) + b"\n", *a, **k)
            self.real.flush()
            die()
        self.real.bulk_load(data, *a, **k)
    def update(self, query):
        if point == "output renamed, store not swapped" and query.startswith("MOVE"):
            self.real.flush()
            die()
        self.real.update(query)

real_open = st.open_disk_store
st.open_disk_store = lambda *a, **k: Store(real_open(*a, **k))
sys.argv = ["kg", "build", sys.argv[3], "-o", output, "--store", sys.argv[4]]
from kg.cli import main
main()
"""

# in build's order; the last is the one window where the output is already the new one
POINTS = ("store half loaded", "output half written", "output written, not renamed", "output renamed, store not swapped")


def _store_triples(folder) -> int:
    from kg import pipeline

    return len(pipeline.open_graph(store=folder))


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_build_leaves_the_previous_output_and_store(point, tiny, runner, tmp_path):
    out, folder = tmp_path / "g.ttl", tmp_path / "store"
    assert runner.invoke(cli, ["build", str(tiny), "-o", str(out), "--store", str(folder)]).exit_code == 0
    before, before_triples = out.read_bytes(), _store_triples(folder)
    # the next build differs: one more theme
    (tiny / "study" / "zz_added.yaml").write_text("themes:\n  - id: added-later\n    label: Added later\n    definition: d\n")

    child = subprocess.run([sys.executable, "-c", KILLER, point, str(out), str(tiny), str(folder)],
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    if point == POINTS[-1]:
        assert b"added-later" in out.read_bytes()  # the new output, whole (it parses below)
    else:
        assert out.read_bytes() == before  # never half a file
    ox.Store().load(out.read_bytes(), ox.RdfFormat.TURTLE)
    assert _store_triples(folder) == before_triples  # the old graph, whole, and the store opens

    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out), "--store", str(folder)])
    assert result.exit_code == 0, result.output  # and the next build recovers
    assert _store_triples(folder) > before_triples and b"added-later" in out.read_bytes()


# -- a full disk, a read-only folder: a clear error, nothing changed ------------------------------

@pytest.fixture
def small_fs(tmp_path):
    """mount(options) -> a folder on a real tmpfs of its own (needs root, as CI runs)."""
    mounted = []

    def mount(options: str):
        folder = tmp_path / f"fs{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
        if done.returncode != 0:
            _need("a tmpfs mount", done.stderr.decode(errors="replace").strip() or "mount failed (not root?)")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=False)


def _fill(folder) -> None:
    with open(folder / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"x" * 4096)
        except OSError:  # ENOSPC: the disk is full
            pass


def test_a_full_disk_is_a_clear_error_and_changes_nothing(small_fs, tiny, runner):
    disk = small_fs("size=256k")
    out = disk / "g.ttl"
    assert runner.invoke(cli, ["build", str(tiny), "-o", str(out)]).exit_code == 0
    before = out.read_bytes()
    _fill(disk)
    (tiny / "study" / "zz_added.yaml").write_text("themes:\n  - id: added-later\n    label: Added later\n    definition: d\n")
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{out}: writing failed: No space left on device; nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in disk.iterdir()) == ["filler", "g.ttl"]  # no temporary file left


def test_a_read_only_output_folder_is_a_clear_error(small_fs, tiny, runner):
    folder = small_fs("ro,size=64k")
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(folder / "g.ttl")])
    assert result.exit_code == 2
    assert "cannot write here: Read-only file system; choose another output with -o" in result.output
    result = runner.invoke(cli, ["viz", str(tiny), "-o", str(folder / "g.html")])
    assert result.exit_code == 2 and "Read-only file system" in result.output


def test_an_unwritable_cache_only_warns(small_fs, tiny, runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(small_fs("ro,size=64k") / "cache"))
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0, result.output
    assert "warning: the graph was not cached" in result.output and (tmp_path / "g.ttl").exists()
    assert runner.invoke(cli, ["coverage", str(tiny)]).exit_code == 0  # later commands build again


def test_a_full_disk_under_the_store_is_a_clear_error(small_fs, tiny, runner, tmp_path):
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(tiny), "-o", str(out), "--store", str(small_fs("size=300k") / "store")])
    assert result.exit_code == 2, result.output
    assert "cannot write the store (" in result.output and "No space left on device" in result.output
    assert "nothing was changed" in result.output and not out.exists()


def test_two_builds_at_once_on_one_store(tiny, runner, tmp_path):
    """Both run for real, started together: each either builds or is refused clearly (the store's
    lock), and the store ends with the whole graph."""
    folder = tmp_path / "store"
    builds = [subprocess.Popen([sys.executable, "-m", "kg", "build", str(tiny), "-o", str(tmp_path / f"{i}.ttl"),
                                "--store", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for i in range(2)]
    results = [(b.wait(timeout=120), b.stdout.read()) for b in builds]
    assert all(code == 0 or (code == 2 and "another kg writing to it" in text) for code, text in results), results
    assert any(code == 0 for code, _ in results)
    from kg import pipeline

    assert _store_triples(folder) == pipeline.build(tiny).size
