"""The PC's local copy: the shared record store, the outbox of unacknowledged edits, and sync state."""

from __future__ import annotations

import builtins
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import msgpack

from lan_server.records import Clock, Op, Record, Schema, Store, new_id
from lan_server.records.schema import DELETED, FIELD_KIND, KIND_KIND, field_record_id, kind_record_id
from lan_server.records.store import ApplyResult, HistoryEntry

REPLICA_FILE = "replica.db"
_OUTBOX_DDL = ("CREATE TABLE IF NOT EXISTS outbox (op TEXT PRIMARY KEY, pos INTEGER NOT NULL, body BLOB NOT NULL)",
               "CREATE INDEX IF NOT EXISTS outbox_pos ON outbox(pos)")


@dataclass(frozen=True)
class Change:
    """What one write changed, for whoever shows records: the window, reminders, `watch`."""

    source: str                      # "local" (typed here) or "remote" (arrived from the server)
    records: frozenset[str]
    kinds: frozenset[str]
    ops: tuple[Op, ...] = field(default=(), repr=False)
    schema_changed: bool = False


Listener = Callable[[Change], None]


class Replica:
    """Local store for one profile. Safe to share between the UI thread and the sync thread."""

    def __init__(self, profile: str | Path, *, now_ms: Callable[[], int] | None = None) -> None:
        self.profile = Path(profile)
        self.profile.mkdir(parents=True, exist_ok=True)
        self.store = Store.open(self.profile / REPLICA_FILE)
        with self.store.atomic():
            for stmt in _OUTBOX_DDL:
                self.store.execute(stmt)
        self.device: str = self.store.get_meta("device") or new_id()
        self.store.set_meta("device", self.device)
        last = self.store.execute("SELECT MAX(hlc) FROM cur").fetchone()[0] or 0
        self.clock = Clock(now_ms=now_ms, last=int(last))
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._user: str | None = None

    def close(self) -> None:
        self.store.close()

    # ---- identity and sync state, kept in the replica file so they survive restarts

    @property
    def user(self) -> str:
        if self._user is None:
            self._user = str(self.store.get_meta("user", "") or "")
        return self._user

    def meta(self, key: str, default: Any = None) -> Any:
        return self.store.get_meta(key, default)

    def set_meta(self, key: str, value: Any) -> None:
        self.store.set_meta(key, value)
        if key == "user":
            self._user = None

    @property
    def last_seq(self) -> int:
        return int(self.store.get_meta("last_seq", 0))

    # ---- listeners

    def on_change(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every write; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self, source: str, ops: Sequence[Op], recs: Iterable[str]) -> None:
        ops = tuple(ops)
        if not ops:
            return
        change = Change(source=source, records=frozenset(recs), kinds=frozenset(op.kind for op in ops), ops=ops,
                        schema_changed=any(op.kind in (KIND_KIND, FIELD_KIND) for op in ops))
        for listener in list(self._listeners):
            listener(change)

    def announce(self, records: Iterable[str], kinds: Iterable[str], source: str = "local") -> None:
        """Tell listeners about writes made inside a larger transaction, once it has committed."""
        change = Change(source=source, records=frozenset(records), kinds=frozenset(kinds))
        for listener in list(self._listeners):
            listener(change)

    # ---- local edits: applied at once and queued in the outbox in the same transaction

    def schema(self) -> Schema:
        return self.store.schema()

    def stamp(self, rec: str, kind: str, values: Mapping[str, Any]) -> list[Op]:
        user = self.user  # one read, not one per field
        return [Op(id=new_id(), rec=rec, kind=kind, field=k, value=v, hlc=self.clock.now(), dev=self.device,
                   user=user) for k, v in values.items()]

    def apply_local(self, ops: Sequence[Op], *, batch: str | None = None) -> ApplyResult:
        with self._lock, self.store.atomic():
            result = self.store.apply(ops, batch=batch, fresh=True)
            pos = int(self.store.execute("SELECT COALESCE(MAX(pos), 0) FROM outbox").fetchone()[0])
            self.store.executemany("INSERT INTO outbox(op, pos, body) VALUES (?, ?, ?) ON CONFLICT(op) DO NOTHING",
                                   [(op.id, pos + i + 1, msgpack.packb(op.to_wire()))
                                    for i, op in enumerate(result.new)])
        self._notify("local", result.new, result.records)
        return result

    def add(self, kind: str, fields: Mapping[str, Any], *, rec_id: str | None = None,
            batch: str | None = None) -> str:
        rec = rec_id or new_id()
        self.apply_local(self.stamp(rec, kind, fields), batch=batch)
        return rec

    def set(self, rec_id: str, fields: Mapping[str, Any], *, batch: str | None = None) -> None:
        record = self.store.get(rec_id)
        if record is None:
            raise KeyError(rec_id)
        self.apply_local(self.stamp(rec_id, record.kind, fields), batch=batch)

    def delete(self, rec_id: str, *, batch: str | None = None) -> None:
        self.set(rec_id, {DELETED: True}, batch=batch)

    def undelete(self, rec_id: str) -> None:
        self.set(rec_id, {DELETED: False})

    def set_kind(self, key: str, values: Mapping[str, Any]) -> None:
        """Add or change a section (label_en, label_ru, hidden, order, title_field)."""
        self.apply_local(self.stamp(kind_record_id(key), KIND_KIND, {"key": key, **values}))

    def set_field(self, kind: str, key: str, values: Mapping[str, Any]) -> None:
        """Add or change a field definition (type, label_en, label_ru, hidden, order, options)."""
        self.apply_local(self.stamp(field_record_id(kind, key), FIELD_KIND, {"kind": kind, "key": key, **values}))

    def delete_field(self, kind: str, key: str) -> None:
        self.set_field(kind, key, {DELETED: True})

    def undo_batch(self, batch: str) -> int:
        """Undo a whole batch (an import): records it created are deleted, fields it changed get earlier values.

        Returns the number of records touched. The undo is itself a set of ops, so it syncs to every PC.
        """
        ops = self.store.ops_of_batch(batch)
        recs = sorted({op.rec for op in ops})
        batch_ids = {op.id for op in ops}
        undo: list[Op] = []
        for rec in recs:
            history = self.store.history(rec)
            # Only what the record held before the batch counts; later edits and later batches do not.
            first = min(op.hlc for op in ops if op.rec == rec)
            earlier = [h for h in history if h.op_id not in batch_ids and h.hlc < first]
            record = self.store.get(rec)
            if record is None:
                continue
            if not earlier:
                undo += self.stamp(rec, record.kind, {DELETED: True})
                continue
            restore: dict[str, Any] = {}
            for fld in {op.field for op in ops if op.rec == rec}:
                before = [h for h in earlier if h.field == fld]
                restore[fld] = before[-1].value if before else None
            undo += self.stamp(rec, record.kind, restore)
        if undo:
            self.apply_local(undo, batch=f"undo:{batch}")
        return len(recs)

    # ---- what the sync engine needs

    def outbox(self, limit: int = 1000) -> list[Op]:
        rows = self.store.execute("SELECT body FROM outbox ORDER BY pos LIMIT ?", (limit,)).fetchall()
        return [Op.from_wire(msgpack.unpackb(row[0])) for row in rows]

    def outbox_size(self) -> int:
        return int(self.store.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

    def acknowledge(self, acks: Mapping[str, int | None]) -> None:
        """The server has these ops: drop them from the outbox and record their sequence numbers."""
        with self._lock, self.store.atomic():
            self.store.executemany("DELETE FROM outbox WHERE op = ?", [(op_id,) for op_id in acks])
            self.store.executemany("UPDATE ops SET seq = ? WHERE id = ? AND seq IS NULL",
                                   [(seq, op_id) for op_id, seq in acks.items() if seq is not None])

    def reject(self, op_ids: Sequence[str]) -> builtins.set[str]:
        """The server refused these ops: drop them and put back the previous values. Returns records touched."""
        if not op_ids:
            return set()
        with self._lock, self.store.atomic():
            marks = ",".join("?" * len(op_ids))
            rows = self.store.execute(f"SELECT DISTINCT rec FROM ops WHERE id IN ({marks})", op_ids).fetchall()
            recs = {r[0] for r in rows}
            self.store.executemany("DELETE FROM outbox WHERE op = ?", [(i,) for i in op_ids])
            self.store.executemany("DELETE FROM ops WHERE id = ?", [(i,) for i in op_ids])
            self.store.executemany("DELETE FROM cur WHERE op = ?", [(i,) for i in op_ids])
            # Let the best remaining op of each field win again.
            for rec in recs:
                left = self.store.execute("SELECT id, rec, kind, field, value, hlc, dev, usr FROM ops WHERE rec = ?",
                                          (rec,)).fetchall()
                self.store._upsert_cur((r[1], r[3], r[2], r[4], r[5], r[6], r[0], r[7]) for r in left)
            self.store._rebuild(sorted(recs))
        self._notify("remote", [], recs)
        return recs

    def requeue_all(self) -> int:
        """Put every op this PC holds (and every winning value from a snapshot) back in the outbox."""
        with self._lock, self.store.atomic():
            pos = int(self.store.execute("SELECT COALESCE(MAX(pos), 0) FROM outbox").fetchone()[0])
            rows = self.store.execute(
                "SELECT id, rec, kind, field, value, hlc, dev, usr FROM ops UNION "
                "SELECT op, rec, kind, field, value, hlc, dev, usr FROM cur WHERE op NOT IN (SELECT id FROM ops) "
                "ORDER BY 6").fetchall()
            self.store.executemany(
                "INSERT INTO outbox(op, pos, body) VALUES (?, ?, ?) ON CONFLICT(op) DO NOTHING",
                [(r[0], pos + i + 1, msgpack.packb(Op(id=r[0], rec=r[1], kind=r[2], field=r[3],
                                                      value=json.loads(r[4]) if r[4] is not None else None,
                                                      hlc=r[5], dev=r[6], user=r[7]).to_wire()))
                 for i, r in enumerate(rows)])
        return len(rows)

    def apply_remote(self, ops: Sequence[Op], *, last_seq: int | None = None) -> ApplyResult:
        """Store ops from the server; `last_seq` is saved in the same transaction, so a crash never skips ops."""
        for op in ops:
            self.clock.observe(op.hlc)
        with self._lock, self.store.atomic():
            result = self.store.apply(ops)
            if last_seq is not None and last_seq > self.last_seq:
                self.store.set_meta("last_seq", last_seq)
        # Listeners hear of it only after the commit, so another connection (the window's) can read it.
        self._notify("remote", result.new, result.records)
        return result

    def restamp(self, stamps: Mapping[str, int]) -> None:
        recs = self.store.restamp(stamps)
        if recs:
            change = Change(source="remote", records=frozenset(recs), kinds=frozenset())
            for listener in list(self._listeners):
                listener(change)

    def note_rejections(self, rejected: Sequence[Sequence[str]]) -> None:
        """Keep the server's reasons for refused edits, newest last, for the window and the CLI to show."""
        kept = list(self.store.get_meta("rejections", []))[-50:]
        self.store.set_meta("rejections", kept + [list(r) for r in rejected])

    def load_snapshot(self, records: Sequence[tuple[str, str, Sequence[Sequence[Any]]]],
                      meta: Mapping[str, Any] | None = None) -> None:
        """Store a snapshot page; `meta` (the resume cursor) is saved in the same transaction."""
        with self._lock, self.store.atomic():
            self.store.load_snapshot(records)
            for key, value in (meta or {}).items():
                self.store.set_meta(key, value)
        stamps = [int(f[2]) for _, _, fields in records for f in fields]
        if stamps:
            self.clock.observe(max(stamps))
        recs = frozenset(r[0] for r in records)
        if recs:
            change = Change(source="remote", records=recs, kinds=frozenset(r[1] for r in records),
                            schema_changed=any(r[1] in (KIND_KIND, FIELD_KIND) for r in records))
            for listener in list(self._listeners):
                listener(change)

    def forget(self, rec_ids: Sequence[str]) -> None:
        """Remove records this user may no longer read from the PC's disk."""
        with self._lock, self.store.atomic():
            for table, col in (("ops", "rec"), ("cur", "rec")):
                self.store.executemany(f"DELETE FROM {table} WHERE {col} = ?", [(r,) for r in rec_ids])
            nums = [r[0] for r in self.store.execute(
                f"SELECT num FROM records WHERE id IN ({','.join('?' * len(rec_ids))})", rec_ids)] if rec_ids else []
            self.store.executemany("DELETE FROM records_fts WHERE rowid = ?", [(n,) for n in nums])
            self.store.executemany("DELETE FROM records WHERE id = ?", [(r,) for r in rec_ids])
        if rec_ids:
            change = Change(source="remote", records=frozenset(rec_ids), kinds=frozenset())
            for listener in list(self._listeners):
                listener(change)

    # ---- reading (delegated, so callers need only the replica)

    def get(self, rec_id: str) -> Record | None:
        return self.store.get(rec_id)

    def records(self, kind: str | None = None, **kwargs: Any) -> list[Record]:
        return self.store.records(kind, **kwargs)

    def count(self, kind: str | None = None, **kwargs: Any) -> int:
        return self.store.count(kind, **kwargs)

    def history(self, rec_id: str) -> list[HistoryEntry]:
        return self.store.history(rec_id)

    def dump_json(self, rec_id: str) -> str:
        record = self.get(rec_id)
        return json.dumps(record.to_json() if record else None, ensure_ascii=False)
