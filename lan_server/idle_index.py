"""The server's search index kept off the pushes' path: a push stores its records' search text aside (the store's
deferred index, search_pending) and the database thread moves it into the full-text index once pushes pause."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Executor
from typing import Callable

from lan_server.records import Store

IDLE_S = 0.5  # no push for this long: the database thread indexes what waits
CHUNK = 5000  # records indexed in one turn of the database thread (a push queued meanwhile goes first)
# Waiting past this, a turn is taken between pushes too: a search (which first indexes everything waiting) never
# has a long backlog to work through, however long the pushes go on.
MOST_WAITING = 100_000


class IdleIndex:
    """Turns of the database thread that index deferred search text; every method but `_submit` runs on it."""

    def __init__(self, store: Store, executor: Executor,
                 loop: Callable[[], asyncio.AbstractEventLoop | None]) -> None:
        self.store = store
        self.executor = executor
        self._loop = loop  # the server's event loop, once it runs
        self._last_write = 0.0
        self._last_copy = 0.0  # when a PC last asked for a page of its first copy
        self._waiting = 0  # records whose text was put aside and not indexed yet (about: rewrites count again)
        self._armed = False  # a turn is scheduled

    def wrote(self, records: int) -> None:
        """A push put the search text of `records` records aside: index it when pushes pause, or after this push
        when too much waits."""
        self._last_write = time.monotonic()
        self._waiting += records
        if self._waiting > MOST_WAITING:
            self.executor.submit(self._turn, False)
        else:
            self._arm()

    def copying(self) -> None:
        """A PC asked for a page of its first copy: no turn is taken until the copy's pages pause, however much
        waits, so a PC that joins during a big import's indexing is not held behind it. Its pages carry the text
        that waits (Feeds._ready_rows: a pending text wins), and a search still indexes everything first."""
        self._last_copy = time.monotonic()

    def resume(self) -> None:
        """Text a stopped server left waiting is indexed once it has been idle a moment."""
        self._waiting = self.store.search_pending()
        if self._waiting:
            self._arm()

    def index_now(self) -> bool:
        """Everything waiting indexed at once (a search asks, on the web reader's thread: the database thread
        writes it, so the office's database keeps one writer). False when this hub is closed."""
        try:
            self.executor.submit(self.store.drain_search).result()
        except RuntimeError:  # closed: the server stops, or its office is being restored
            return False
        return True

    def _arm(self) -> None:
        loop = self._loop()
        if self._armed or loop is None:
            return
        try:
            loop.call_soon_threadsafe(loop.call_later, IDLE_S, self._submit)
        except RuntimeError:  # the loop is closed: the server stops, and indexes what waits when it starts again
            return
        self._armed = True

    def _submit(self) -> None:
        """On the event loop."""
        try:
            self.executor.submit(self._turn, True)
        except RuntimeError:  # the hub was closed meanwhile (the server stops, or its office was restored)
            pass

    def _turn(self, timed: bool) -> None:
        """Index a chunk of what waits, unless pushes go on and not too much waits (then look again later)."""
        if timed:
            self._armed = False
        now = time.monotonic()
        busy = now - self._last_write < IDLE_S
        if (busy and self._waiting <= MOST_WAITING) or now - self._last_copy < IDLE_S:
            self._arm()
            return
        more = self.store.drain_search(CHUNK)
        self._waiting = max(self._waiting - CHUNK, 1) if more else 0
        if more and not busy:
            self.executor.submit(self._turn, False)  # the next chunk, after whatever was queued meanwhile
        elif more:
            self._arm()
