"""Who asked for a write (the window that typed it), kept per calling thread while the write runs, so listeners
know a change they made themselves (Replica.acting_for)."""

from __future__ import annotations

import threading
from typing import Any


class Origin:
    def __init__(self, slot: threading.local, origin: Any) -> None:
        self.slot, self.origin = slot, origin

    def __enter__(self) -> None:
        self.previous = getattr(self.slot, "value", None)
        self.slot.value = self.origin

    def __exit__(self, *exc: Any) -> None:
        self.slot.value = self.previous
