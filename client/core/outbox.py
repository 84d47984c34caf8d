"""The outbox: this PC's edits the server has not acknowledged, in the order they go, imports held back, and the
records each batch (an import, an undoable edit) made, which is all its undo needs of them."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Collection, Sequence

from filelock import FileLock, Timeout

from lan_server.protocol.frames import PAGE_BYTES
from lan_server.records import Op, Store
from lan_server.records.schema import RECORD
from lan_server.records.store import OP_COLUMNS, dumps, loads, op_of_row

# The outbox names the ops this PC made and the server has not acknowledged, in the order they go: a field op
# by its id (the op is in the ops table), a record op by its id, which is its record's (the op is the record's
# making in `cur`). A second copy of each, as 0.2 kept, doubled an import's size on disk.
# `held`: batches (imports) still being written. Their ops are queued as each chunk is written, in the order they
# were stamped, and are not sent while their batch is held: the release only lets the batch go (queueing an
# import's 100,000 ops at its end, sorted by stamp, kept the user waiting a third of a second more). When the
# import is not done they are taken back (here, or at the next start after a crash): all or nothing.
# A held batch belongs to the program writing it, which holds a lock file for it (the system lets go of it when
# that program ends): another program opening the copy meanwhile takes back only batches nobody holds. (It took
# back an import in progress in another program: 5,000 of 100,000 rows were lost.)
# `made`: the records a batch made in one op each (an import's new records): what its undo deletes.
OUTBOX_TABLE = "CREATE TABLE IF NOT EXISTS outbox (op TEXT PRIMARY KEY, pos INTEGER NOT NULL) WITHOUT ROWID"
OUTBOX_ORDER = "CREATE INDEX IF NOT EXISTS outbox_pos ON outbox(pos)"
DDL = (OUTBOX_TABLE, OUTBOX_ORDER, "CREATE TABLE IF NOT EXISTS held (batch TEXT PRIMARY KEY)",
       "CREATE TABLE IF NOT EXISTS made (rec TEXT PRIMARY KEY, batch TEXT NOT NULL) WITHOUT ROWID")
OP_OVERHEAD = 256  # an op's bytes on the wire besides its value (ids, stamps, names), at most
_MAKING = f"SELECT rec, kind, value, hlc, dev, usr FROM cur WHERE field = '{RECORD}' AND op = rec"
# (stamp, op id) of every op of a batch (bound twice): its field ops, and the record ops of the records it made
_BATCH_OPS = (f"SELECT hlc, id AS op FROM ops WHERE batch = ? UNION ALL SELECT c.hlc, m.rec FROM made m JOIN cur c "
              f"ON c.rec = m.rec AND c.field = '{RECORD}' AND c.op = m.rec WHERE m.batch = ?")

# While a batch is held, the outbox's ops that are none of a held batch's (its field ops, its records' makings):
# an edit saved during an import goes at once, the import's ops when it is released
_SENDABLE = ("WHERE NOT EXISTS (SELECT 1 FROM made m WHERE m.rec = o.op AND m.batch IN (SELECT batch FROM held)) "
             "AND NOT EXISTS (SELECT 1 FROM ops p WHERE p.id = o.op AND p.batch IN (SELECT batch FROM held))")


class Outbox:
    """The outbox, the held batches and what batches made, of one PC's copy; its writes run on the replica's
    writer, inside the replica's transaction (the ops they name are written in the same one)."""

    def __init__(self, store: Store, profile: Path) -> None:
        self._store = store
        self._profile = profile
        self._mine: dict[str, FileLock] = {}  # the held batches this program is writing, with their locks

    def create(self) -> None:
        for stmt in DDL:
            self._store.execute(stmt)

    def queue(self, op_ids: Sequence[str]) -> None:
        """Send these ops, in this order, after every op queued before them (an op of a held batch once it is
        released)."""
        if op_ids:
            # one statement over the ids as a JSON list, after the last place (read once): an import's chunk queues
            # 2,000, each bound row cost the writer a turn of the interpreter lock
            self._store.execute("INSERT INTO outbox(op, pos) SELECT value, key + 1 + (SELECT COALESCE(MAX(pos), 0) "
                                "FROM outbox) FROM json_each(?) WHERE true ON CONFLICT(op) DO NOTHING",
                                (dumps(list(op_ids)),))

    def drop(self, op_ids: Sequence[str]) -> None:
        """These ops need sending no more (acknowledged, or refused, or taken back)."""
        if op_ids:
            self._store.execute("DELETE FROM outbox WHERE op IN (SELECT value FROM json_each(?))",
                                (dumps(list(op_ids)),))

    def drop_unheld_ops(self) -> None:
        """Entries whose op is gone (its record was forgotten) go too."""
        self._store.execute(f"DELETE FROM outbox WHERE op NOT IN (SELECT id FROM ops) AND op NOT IN "
                            f"(SELECT rec FROM cur WHERE field = '{RECORD}')")

    def settled_records(self) -> list[str]:
        """The records held here with no edit waiting to be sent (a record op's id is its record's)."""
        return [rec for (rec,) in self._store.execute(
            "SELECT id FROM records WHERE id NOT IN (SELECT op FROM outbox) AND id NOT IN "
            "(SELECT rec FROM ops WHERE id IN (SELECT op FROM outbox))")]

    def unsent_records(self, recs: Sequence[str]) -> set[str]:
        """Those of `recs` with an edit waiting to be sent (a record op's id is its record's)."""
        return {rec for (rec,) in self._store.execute(
            "SELECT value FROM json_each(?) WHERE value IN (SELECT op FROM outbox) OR value IN "
            "(SELECT rec FROM ops WHERE id IN (SELECT op FROM outbox))", (dumps(list(recs)),))}

    def note_made(self, batch: str, recs: Sequence[str]) -> None:
        """`batch` made these records, each in one op."""
        # one statement over the ids as a JSON list: an import notes 100,000, and a bound row each cost twice this
        self._store.execute("INSERT INTO made(rec, batch) SELECT value, ? FROM json_each(?) WHERE true "
                            "ON CONFLICT(rec) DO NOTHING", (batch, dumps(list(recs))))

    def made_by(self, batch: str) -> list[str]:
        """The records `batch` made in one op each."""
        return [rec for (rec,) in self._store.execute("SELECT rec FROM made WHERE batch = ?", (batch,))]

    def forget_made(self, batches: Sequence[str]) -> None:
        """What these batches made need be remembered no more: they can be undone no more."""
        self._store.executemany("DELETE FROM made WHERE batch = ?", [(b,) for b in batches])

    def hold(self, batch: str) -> None:
        """Keep the ops of `batch` back until it is released or taken back."""
        if batch not in self._mine:  # once: each of an import's chunks holds its batch again
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

    def _batch_ops(self, batch: str) -> list[tuple[int, str]]:
        """(stamp, op id) of every op of `batch`: its field ops and the record ops of the records it made."""
        return self._store.execute(_BATCH_OPS, (batch, batch)).fetchall()

    def release(self, batch: str) -> list[str]:
        """The held ops of `batch` (queued as they were written) may go now; returns the records they touch."""
        self._store.execute("DELETE FROM held WHERE batch = ?", (batch,))
        self._let_go(batch)
        # a record may come twice (made, then filled by a later row): the listeners hear a set
        return [rec for (rec,) in self._store.execute("SELECT rec FROM ops WHERE batch = ? UNION ALL "
                                                      "SELECT rec FROM made WHERE batch = ?", (batch, batch))]

    def take_back(self, batch: str) -> list[str]:
        """Forget the held ops of `batch` and stop holding it; returns their ids (none when it was not held)."""
        if self._store.execute("SELECT 1 FROM held WHERE batch = ?", (batch,)).fetchone() is None:
            return []
        ids = [op_id for _hlc, op_id in self._batch_ops(batch)]
        self.drop(ids)  # a copy of 0.3 queued held ops at once
        self._store.execute("DELETE FROM made WHERE batch = ?", (batch,))
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

    def next(self, limit: int = 1000, max_bytes: int = PAGE_BYTES, skip: Collection[str] = ()) -> list[Op]:
        """The next edits to send, oldest first: at most `limit`, and no more once they pass `max_bytes`
        (so a push always fits in one of the server's frames). `skip`: the first ones, sent and not answered yet."""
        sendable = _SENDABLE if self._store.execute("SELECT 1 FROM held").fetchone() else ""
        queued = [op_id for (op_id,) in self._store.execute(f"SELECT op FROM outbox o {sendable} ORDER BY pos LIMIT ?",
                                                             (limit + len(skip),)) if op_id not in skip][:limit]
        found: dict[str, tuple[Op, int]] = {}  # each op, and the bytes of its value as stored
        for chunk in range(0, len(queued), 500):
            part = queued[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            for row in self._store.execute(f"SELECT {OP_COLUMNS} FROM ops WHERE id IN ({marks})", part):
                found[row[0]] = (op_of_row(row), len((row[4] or "").encode()))
            rest = [op_id for op_id in part if op_id not in found]
            if rest:
                for rec, kind, value, hlc, dev, usr in self._store.execute(
                        f"{_MAKING} AND rec IN ({','.join('?' * len(rest))})", rest):
                    found[rec] = (Op(id=rec, rec=rec, kind=kind, field=RECORD, value=loads(value), hlc=hlc, dev=dev,
                                     user=usr), len(value.encode()))
        out: list[Op] = []
        size = 0
        for op_id in queued:
            if op_id not in found:
                continue  # its record was forgotten meanwhile (drop_unheld_ops clears it)
            op, value_bytes = found[op_id]
            out.append(op)
            size += value_bytes + OP_OVERHEAD  # not less than its bytes on the wire
            if size >= max_bytes:
                break
        return out

    def size(self) -> int:
        """Edits the server does not have yet, an import still being written included."""
        return int(self._store.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])  # a held batch's are queued
