"""Python's cycle collector held off while a new PC's first copy makes millions of short-lived objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside: a page of a first copy is many small lists and maps without cycles, which the
    collector walks again and again as they pile up (a 100,000-record first copy spent a fifth of its time
    there). Whatever cycles are made meanwhile are collected after. (An import, tried the same way, gained
    nothing measurable, so it runs with the collector on.)"""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
