"""A first copy's pages of a store, each from where the one before ended, for tests that copy an office as a new
PC does."""

from __future__ import annotations

from typing import Iterator

from lan_server.protocol.replies import Page
from lan_server.records import Store


def pages_of(store: Store, size: int, after: str = "", max_bytes: int | None = None
             ) -> Iterator[tuple[list[Page], str]]:
    """`store`'s snapshot pages of `size` records (and `max_bytes`, as Store.snapshot_page) from the position `after`
    ("" for the start) to its end, each with the position it ends at (the next page's `after`)."""
    while page := store.snapshot_page(after, size, max_bytes):
        after = store.snapshot_position(after, page)
        yield page, after
