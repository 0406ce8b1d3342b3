"""Writing outputs: atomically (temp file in the same folder, then rename), so a failed or
interrupted write never leaves a partial file where a good one was."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from kg.errors import KgError, display_path


def atomic_write(path: Path, data: bytes) -> None:
    with staged_write(path, data) as commit:
        commit()


@contextmanager
def staged_write(path: Path, data: bytes) -> Iterator[Callable[[], None]]:
    """Write `data` to a temporary file beside `path` (fsync'ed); `commit()` renames it into place.
    Until then `path` is untouched, so a command can prepare every output before it replaces any;
    leaving the block without committing (an error) removes the temporary file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KgError(f"{display_path(path)}: cannot write here: {exc.strerror}; choose another output with -o") from None
    committed = False

    def failed(exc: OSError) -> KgError:
        return KgError(f"{display_path(path)}: writing failed: {exc.strerror or exc}; nothing was changed")

    def commit() -> None:
        nonlocal committed
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise failed(exc) from None
        committed = True

    try:
        try:
            with os.fdopen(fd, "wb") as out:
                os.fchmod(out.fileno(), _mode_for(path))  # mkstemp makes 0600; an output reads as any file
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            raise failed(exc) from None
        yield commit  # the caller's errors are its own: not reported as this file's
    finally:
        if not committed:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_outputs(built, store, target: Path, fmt: str, store_dir: Path | None) -> None:
    """A build's graph to `target` (and, if given, the on-disk store): every slow step first
    (serialise, stage the store's graph), then the two quick swaps, so an interrupted build leaves
    the previous output and store, never half of either."""
    from kg.graph.store import open_disk_store, serialize, stage_graph, swap_graph

    with staged_write(target, serialize(store, fmt, built.iri)) as commit_output:
        disk = open_disk_store(store_dir) if store_dir is not None else None
        done = "nothing was changed"
        try:
            if disk is not None:
                stage_graph(disk, built.iri, built.ntriples.encode("utf-8"))
            commit_output()
            done = f"{display_path(target)} was written; the store keeps its previous graph"
            if disk is not None:
                swap_graph(disk, built.iri)
        except OSError as exc:  # the store's (RocksDB's) own I/O error, e.g. a full disk
            if disk is not None:
                _drop_staging(disk, built.iri)
            raise KgError(f"{display_path(store_dir)}: cannot write the store ({exc}); {done}") from None


def _drop_staging(disk, graph: str) -> None:
    """Best effort: a half-loaded staging graph is no use (the next build drops it anyway)."""
    try:
        disk.update(f"DROP SILENT GRAPH <{graph}#staging>")
    except OSError:
        pass
