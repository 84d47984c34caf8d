"""A first copy's pages, made once and sent as they are: a page of records every one of which a user may read is
encoded once, and every PC whose user reads all of it gets those bytes until an op touches a record of it (after
a server is restored from a backup, each PC of the office copies it afresh at once)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from lan_server.protocol.frames import Packed

KEPT_BYTES = 64 * 1024 * 1024  # a first copy's pages of 2 MiB at most: the last thirty or more are kept


@dataclass(frozen=True)
class Page:
    records: Packed          # the page's records, encoded as the wire carries them
    kinds: frozenset[str]    # the sections they are of: a user must read each of them whole to be given the page
    last: str                # the id of its last record, where the next page starts
    more: bool               # whether records come after it
    seq: int = 0             # the data's sequence number it was made at: it stands until an op after it touches
    #                          a record of its span (Feeds.snapshot_changed)


class Pages:
    """Pages by (where they start, how many, protocol); the database thread only."""

    def __init__(self, kept_bytes: int = KEPT_BYTES) -> None:
        self.kept_bytes = kept_bytes
        self._pages: OrderedDict[tuple[str, int, int], Page] = OrderedDict()
        self._bytes = 0

    def get(self, key: tuple[str, int, int]) -> Page | None:
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: tuple[str, int, int], page: Page) -> None:
        """Keep `page`, in place of one made before it there."""
        old = self._pages.pop(key, None)
        if old is not None:
            self._bytes -= len(old.records)
        self._pages[key] = page
        self._bytes += len(page.records)
        while self._bytes > self.kept_bytes and len(self._pages) > 1:
            _, old = self._pages.popitem(last=False)
            self._bytes -= len(old.records)
