"""Writing outputs: atomically (temp file in the same folder, then rename), so a failed or
interrupted write never leaves a partial file where a good one was."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import KgError, display_path


def atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KgError(f"{display_path(path)}: cannot write here: {exc.strerror}; choose another output with -o") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise KgError(f"{display_path(path)}: writing failed: {exc.strerror}; nothing was changed") from None
        raise
