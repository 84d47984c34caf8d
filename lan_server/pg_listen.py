"""Several server processes on one PostgreSQL: each hears what the others committed (LISTEN/NOTIFY) and sends
it to its own connected PCs, as it sends what was pushed to itself."""

from __future__ import annotations

import logging
import select
import threading
from typing import Callable

from lan_server.records.store import CHANNEL

log = logging.getLogger(__name__)


class Listener:
    """A thread on a connection of its own that LISTENs; `heard(seq)` is called for each commit ("ops up to
    seq"), in commit order. Reconnects after a lost connection; `stop()` ends it."""

    def __init__(self, url: str, heard: Callable[[int], None]) -> None:
        self.url = url
        self.heard = heard
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="organizer-pg-listen", daemon=True)
        self.ready = threading.Event()  # listening (tests wait for it)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        import psycopg2
        import psycopg2.extensions
        while not self._stop.is_set():
            try:
                conn = psycopg2.connect(self.url)
            except psycopg2.Error as e:
                log.warning("cannot listen for the other server processes' changes: %s", e)
                self._stop.wait(2)
                continue
            try:
                conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
                conn.cursor().execute(f"LISTEN {CHANNEL}")
                self.ready.set()
                while not self._stop.is_set():
                    if select.select([conn], [], [], 0.5)[0]:
                        conn.poll()
                        while conn.notifies:
                            note = conn.notifies.pop(0)
                            if note.payload.isdigit():
                                self.heard(int(note.payload))
            except (psycopg2.Error, OSError) as e:
                log.warning("lost the PostgreSQL connection that hears other server processes: %s", e)
                self.ready.clear()
                self._stop.wait(1)
            finally:
                conn.close()
