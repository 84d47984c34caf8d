"""Search text written in bulk (an import, a first copy) moved into the full-text index on the writer, a chunk at a
time between other writes; a search that comes first has the rest moved at once, so it never misses a record."""

from __future__ import annotations

import logging
from typing import Any, Callable

from client.core.writer import Writer
from lan_server.records import Store

log = logging.getLogger(__name__)
# records indexed per transaction: a card save waits behind at most one chunk (2,000: ~0.06 s of processor, 0.15-0.3 s
# at a load of 6; 5,000 took up to 0.8 s there)
CHUNK = 2000


class PendingSearch:
    """The drain of a PC's copy's search_pending (Store.drain_search), always on its writer."""

    def __init__(self, store: Store, writer: Writer, run: Callable[[Callable[[], Any]], Any], *,
                 background: bool = True) -> None:
        """`run`: a transaction on the writer that takes turns with other programs (Replica._run). Without
        `background`, chunks are never queued (a command: its last write would wait for one before it ends), only
        a search drains."""
        self._store = store
        self._writer = writer
        self._run = run
        self._queued = False
        self._stopped = not background
        store.before_search = self.now

    def soon(self) -> None:
        """Drain, a chunk at a time, after the writes queued so far (any thread)."""
        if not (self._queued or self._stopped):
            self._queued = True
            self._writer.queue(self._step)

    def now(self) -> None:
        """Drain all that is pending, on the writer (a search waits for it once)."""
        self._run(self._store.drain_search)

    def bulk(self, on: bool) -> None:
        """A first copy's pages written in bulk (Store.set_bulk, on the writer) from now on, or no more. Their search
        text is drained once the sync that brought them ends (sync_once calls `soon`): the chunks would hold up its
        last steps on the writer (0.4 s of 0.9 s at 100,000 records), and a search drains first anyway."""
        self._writer.run(self._store.set_bulk, on)

    def stop(self) -> None:
        """No more chunks once the copy closes: the next program to open it finishes them."""
        self._stopped = True

    def _step(self) -> None:
        self._queued = False
        if self._stopped:
            return
        try:
            more = self._run(lambda: self._store.drain_search(CHUNK))
        except Exception:  # noqa: BLE001 - the next search or the next opening drains it again
            log.exception("moving search text into the index failed")
            return
        if more:
            self.soon()
