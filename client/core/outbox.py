"""The outbox: this PC's edits the server has not acknowledged, in the order they go, and imports held back."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Sequence

from filelock import FileLock, Timeout

from lan_server.protocol.frames import PAGE_BYTES
from lan_server.records import Op, Store
from lan_server.records.store import OP_COLUMNS, op_of_row

# The outbox names the ops this PC made and the server has not acknowledged, in the order they go; the ops
# themselves are in the ops table (a second copy of each, as 0.2 kept, doubled an import's size on disk).
# `held`: batches (imports) still being written. Their ops wait in the outbox unsent until the import is
# done, and are taken back (here, or at the next start after a crash) when it is not: all or nothing.
# A held batch belongs to the program writing it, which holds a lock file for it (the system lets go of it when
# that program ends): another program opening the copy meanwhile takes back only batches nobody holds. (It took
# back an import in progress in another program: 5,000 of 100,000 rows were lost.)
OUTBOX_TABLE = "CREATE TABLE IF NOT EXISTS outbox (op TEXT PRIMARY KEY, pos INTEGER NOT NULL) WITHOUT ROWID"
OUTBOX_ORDER = "CREATE INDEX IF NOT EXISTS outbox_pos ON outbox(pos)"
DDL = (OUTBOX_TABLE, OUTBOX_ORDER, "CREATE TABLE IF NOT EXISTS held (batch TEXT PRIMARY KEY)")
OP_OVERHEAD = 256  # an op's bytes on the wire besides its value (ids, stamps, names), at most
_SENDABLE = "(ops.batch IS NULL OR ops.batch NOT IN (SELECT batch FROM held))"


class Outbox:
    """The outbox and the held batches of one PC's copy; its writes run on the replica's writer, inside the
    replica's transaction (the ops they name are written in the same one)."""

    def __init__(self, store: Store, profile: Path) -> None:
        self._store = store
        self._profile = profile
        self._mine: dict[str, FileLock] = {}  # the held batches this program is writing, with their locks

    def create(self) -> None:
        for stmt in DDL:
            self._store.execute(stmt)

    def queue(self, op_ids: Sequence[str]) -> None:
        """Send these ops after every op queued before them."""
        pos = int(self._store.execute("SELECT COALESCE(MAX(pos), 0) FROM outbox").fetchone()[0])
        self._store.executemany("INSERT INTO outbox(op, pos) VALUES (?, ?) ON CONFLICT(op) DO NOTHING",
                                [(op_id, pos + i + 1) for i, op_id in enumerate(op_ids)])

    def drop(self, op_ids: Sequence[str]) -> None:
        """These ops need sending no more (acknowledged, or refused)."""
        self._store.executemany("DELETE FROM outbox WHERE op = ?", [(op_id,) for op_id in op_ids])

    def drop_unheld_ops(self) -> None:
        """Entries whose op is gone (its record was forgotten) go too."""
        self._store.execute("DELETE FROM outbox WHERE op NOT IN (SELECT id FROM ops)")

    def hold(self, batch: str) -> None:
        """Keep the ops of `batch` back until it is released or taken back."""
        if batch not in self._mine:
            lock = self._lock(batch)
            lock.acquire(timeout=0)  # a new batch id: nobody else holds it
            self._mine[batch] = lock
        self._store.execute("INSERT INTO held(batch) VALUES (?) ON CONFLICT(batch) DO NOTHING", (batch,))

    def orphans(self) -> list[str]:
        """Batches held by no running program: imports cut short by a crash, to take back at start-up."""
        found = []
        for (batch,) in self._store.execute("SELECT batch FROM held").fetchall():
            if batch in self._mine:
                continue
            lock = self._lock(batch)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                continue  # another program is writing it now
            self._mine[batch] = lock  # taken back by this program; the lock goes when it is
            found.append(batch)
        return found

    def release(self, batch: str) -> list[str]:
        """The held ops of `batch` may go now; returns the records they touch."""
        self._store.execute("DELETE FROM held WHERE batch = ?", (batch,))
        self._let_go(batch)
        return [r[0] for r in self._store.execute("SELECT DISTINCT rec FROM ops WHERE batch = ?", (batch,))]

    def take_back(self, batch: str) -> list[str]:
        """Unqueue the held ops of `batch` and stop holding it; returns their ids (none when it was not held)."""
        ids = [r[0] for r in self._store.execute(
            "SELECT op FROM outbox JOIN ops ON ops.id = outbox.op WHERE ops.batch = ?", (batch,)).fetchall()
               ] if self._store.execute("SELECT 1 FROM held WHERE batch = ?", (batch,)).fetchone() else []
        self.drop(ids)
        self._store.execute("DELETE FROM held WHERE batch = ?", (batch,))
        self._let_go(batch)
        return ids

    def let_go(self) -> None:
        """This program stops (or closes the copy): the batches it still holds are its no more, and the next start
        takes them back as cut short."""
        for batch in list(self._mine):
            self._let_go(batch)

    def _lock(self, batch: str) -> FileLock:
        name = hashlib.sha256(batch.encode()).hexdigest()[:24]  # a batch id may hold ':' (no file name on Windows)
        return FileLock(str(self._profile / f"held-{name}.lock"), thread_local=False)

    def _let_go(self, batch: str) -> None:
        lock = self._mine.pop(batch, None)
        if lock is not None:
            lock.release()
            with contextlib.suppress(OSError):  # gone, or another program looks at it this moment
                os.remove(lock.lock_file)

    def next(self, limit: int = 1000, max_bytes: int = PAGE_BYTES) -> list[Op]:
        """The next edits to send, oldest first: at most `limit`, and no more once they pass `max_bytes`
        (so a push always fits in one of the server's frames)."""
        out: list[Op] = []
        size = 0
        for row in self._store.execute(f"SELECT {OP_COLUMNS} FROM outbox JOIN ops ON ops.id = outbox.op "
                                       f"WHERE {_SENDABLE} ORDER BY outbox.pos LIMIT ?", (limit,)):
            out.append(op_of_row(row))
            size += len((row[4] or "").encode()) + OP_OVERHEAD  # not less than its bytes on the wire
            if size >= max_bytes:
                break
        return out

    def size(self) -> int:
        """Edits the server does not have yet, an import still being written included."""
        return int(self._store.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
