"""Python's cycle collector held off while a new PC's first copy or an import makes millions of short-lived objects."""

from __future__ import annotations

import functools
import gc
from contextlib import contextmanager
from typing import Callable, Iterator, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside: a page of a first copy is many small lists and maps without cycles, which the
    collector walks again and again as they pile up (a 100,000-record first copy spent a fifth of its time
    there; a 100,000-row import a tenth of its processor, the file's 100,000 rows walked each time). Whatever
    cycles are made meanwhile are collected after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def pausing(fn: Callable[P, T]) -> Callable[P, T]:
    """`fn` run with the collector paused (paused())."""
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with paused():
            return fn(*args, **kwargs)
    return run
