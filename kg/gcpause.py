"""The cyclic garbage collector, paused while kg reads and builds: that makes millions of small
objects (entries, fields, triples) with no reference cycles, and each automatic collection walks
all that are alive. Measured on 100k entries in one process: reading 13.7 s -> 9.2 s, building
the triples 13.5 s -> 1.7 s. Nothing they make needs the collector; it runs again afterwards."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
