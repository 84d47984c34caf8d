"""Hybrid logical clock: wall-clock milliseconds plus a counter, packed into one sortable integer."""

from __future__ import annotations

import threading
import time
from typing import Callable

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
# A remote stamp this far past our wall clock is not trusted to move our clock.
MAX_DRIFT_MS = 5 * 60 * 1000


def pack(wall_ms: int, counter: int) -> int:
    return (wall_ms << COUNTER_BITS) | counter


def wall_ms(hlc: int) -> int:
    return hlc >> COUNTER_BITS


def counter(hlc: int) -> int:
    return hlc & COUNTER_MASK


def to_seconds(hlc: int) -> float:
    return wall_ms(hlc) / 1000.0


class Clock:
    """Issues strictly increasing stamps; `observe` folds in stamps seen from other devices."""

    def __init__(self, now_ms: Callable[[], int] | None = None, last: int = 0) -> None:
        self._now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        self._last = last
        self._lock = threading.Lock()

    @property
    def last(self) -> int:
        return self._last

    def now(self) -> int:
        with self._lock:
            wall = self._now_ms()
            if wall > wall_ms(self._last):
                self._last = pack(wall, 0)
            else:
                self._last += 1
            return self._last

    def now_many(self, n: int) -> range:
        """`n` strictly increasing stamps at once (a record's fields, stamped together)."""
        with self._lock:
            wall = self._now_ms()
            first = pack(wall, 0) if wall > wall_ms(self._last) else self._last + 1
            self._last = first + max(n, 1) - 1
            return range(first, first + n)

    def observe(self, remote: int) -> None:
        """Move past a stamp seen elsewhere, unless it is implausibly far in the future."""
        with self._lock:
            if wall_ms(remote) - self._now_ms() > MAX_DRIFT_MS:
                return
            if remote > self._last:
                self._last = remote


def latest_allowed(now_ms: int) -> int:
    """The latest stamp the server takes at `now_ms` (its clock plus the allowed drift)."""
    return pack(now_ms + MAX_DRIFT_MS, COUNTER_MASK)


def clamp(stamp: int, now_ms: int) -> int:
    """A stamp no later than `now_ms` plus the allowed drift: how the server treats a clock far ahead."""
    return min(stamp, latest_allowed(now_ms))
