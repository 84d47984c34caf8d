"""The op log and the merge: ops stored once, each field's winner by (hlc, device, op id), records rebuilt from
their winning values; ops restamped, taken back, forgotten; history and the ops after a sequence number."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Sequence

from lan_server.records.ops import Op, new_id
from lan_server.records.schema import DELETED, META_KINDS, Schema
from lan_server.records.store.rows import OP_COLUMNS, ApplyResult, HistoryEntry, NewRecords, dumps, loads, op_of_row
from lan_server.records.store.search import SearchIndex
from lan_server.records.store.text import sort_key

SEQ_LOCK = 7755_0001     # PostgreSQL advisory lock held while a server process numbers ops
CHANNEL = "organizer_ops"  # PostgreSQL LISTEN/NOTIFY channel: "ops up to N were committed"


class OpLog(SearchIndex):
    """Writing ops and reading them back."""

    # ---- writing

    def known_seqs(self, op_ids: Sequence[str]) -> dict[str, int | None]:
        """Op ids already stored, with their sequence numbers."""
        found: dict[str, int | None] = {}
        for chunk in self._chunks(list(op_ids)):
            marks = ",".join("?" * len(chunk))
            for op_id, seq in self.execute(f"SELECT id, seq FROM ops WHERE id IN ({marks})", chunk):
                found[op_id] = seq
        return found

    def max_seq(self) -> int:
        row = self.execute("SELECT MAX(seq) FROM ops").fetchone()
        return int(row[0] or 0)

    def _present(self, recs: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in self._chunks(list(recs)):
            found.update(r[0] for r in self.execute(
                f"SELECT DISTINCT rec FROM cur WHERE rec IN ({','.join('?' * len(chunk))})", chunk))
        return found

    @staticmethod
    def _state_of_new(ops: Sequence[Op], recs: set[str]) -> dict[str, tuple[str, dict[str, Any], int, str]]:
        """The whole state of records that only these ops describe (records new to this store)."""
        winners: dict[str, dict[str, Op]] = {}
        for op in ops:
            if op.rec in recs:
                cur = winners.setdefault(op.rec, {}).get(op.field)
                if cur is None or op.order > cur.order:
                    winners[op.rec][op.field] = op
        out = {}
        for rec, fields in winners.items():
            first = min(fields.values(), key=lambda o: o.hlc)
            out[rec] = (first.kind, {f: o.value for f, o in fields.items()}, max(o.hlc for o in fields.values()),
                        first.user)
        return out

    def apply(self, ops: Sequence[Op], *, assign_seq: bool = False, batch: str | None = None,
              fresh: bool = False) -> ApplyResult:
        """Store ops not seen before and let each win its field if it is the latest. Idempotent, order-free.

        With `assign_seq` (the server) each new op gets the next sequence number; otherwise an op keeps
        the `seq` it arrived with (a client storing what the server sent). `fresh` says the ops were just
        made here with new ids, so looking for them among stored ops can be skipped.
        """
        with self._lock, self.db.atomic():
            if assign_seq and not self.sqlite:
                # Several server processes on one PostgreSQL: one numbers at a time, until its commit, so
                # sequence numbers never collide and are committed in order (a reader past N never later
                # meets a smaller one). SQLite has one writer anyway.
                self.execute("SELECT pg_advisory_xact_lock(?)", (SEQ_LOCK,))
            seqs = {} if fresh else self.known_seqs([op.id for op in ops])
            new: list[Op] = []
            next_seq = self.max_seq() + 1 if assign_seq else 0
            for op in ops:
                if op.id in seqs:
                    continue
                if assign_seq:
                    op = Op(**{**op.__dict__, "seq": next_seq})
                    next_seq += 1
                seqs[op.id] = op.seq
                new.append(op)
            recs = {op.rec for op in new}
            absent = recs - self._present(sorted(recs))
            self._write(new, batch)
            self._rebuild(sorted(recs), self._state_of_new(new, absent) if absent else None)
            if assign_seq and new and not self.sqlite:  # the other server processes hear it on commit
                self.execute("SELECT pg_notify(?, ?)", (CHANNEL, str(max(op.seq or 0 for op in new))))
        return ApplyResult(new=new, seqs=seqs, records=recs)

    def _write(self, ops: Sequence[Op], batch: str | None) -> None:
        encoded = [(op.id, op.seq, op.rec, op.kind, op.field, dumps(op.value), op.hlc, op.dev, op.user, batch)
                   for op in ops]
        self.executemany("INSERT INTO ops(id, seq, rec, kind, field, value, hlc, dev, usr, batch) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING", encoded)
        self._upsert_cur((op.rec, op.field, op.kind, v, op.hlc, op.dev, op.id, op.user)
                         for op, (_, _, _, _, _, v, *_rest) in zip(ops, encoded))
        if any(op.kind in META_KINDS for op in ops):
            self._schema = None

    def _upsert_cur(self, rows: Iterable[Sequence[Any]]) -> None:
        # The WHERE makes the write last-writer-wins by (hlc, dev, op id), whatever order ops arrive in.
        self.executemany(
            "INSERT INTO cur(rec, field, kind, value, hlc, dev, op, usr) VALUES (?,?,?,?,?,?,?,?) "
            "ON CONFLICT(rec, field) DO UPDATE SET kind = excluded.kind, value = excluded.value, "
            "hlc = excluded.hlc, dev = excluded.dev, op = excluded.op, usr = excluded.usr "
            "WHERE excluded.hlc > cur.hlc OR (excluded.hlc = cur.hlc AND (excluded.dev > cur.dev "
            "OR (excluded.dev = cur.dev AND excluded.op > cur.op)))", rows)

    def _rebuild(self, recs: Sequence[str],
                 known: Mapping[str, tuple[str, dict[str, Any], int, str]] | None = None) -> None:
        """Recompute the current record rows (and their search text) from the winning field values.

        `known` gives (kind, fields, updated, creator) of records whose whole state the caller already
        holds (a snapshot of records new to this store), so they are not read back.
        """
        schema = self.schema()
        for chunk in self._chunks(list(recs)):
            marks = ",".join("?" * len(chunk))
            state: dict[str, tuple[str, dict[str, Any], int, str]] = {}
            unknown = [r for r in chunk if not known or r not in known]
            if unknown:
                values: dict[str, dict[str, Any]] = {}
                updated: dict[str, int] = {}
                # The record's first value gives its maker and its kind: a kind is fixed at creation.
                first: dict[str, tuple[int, str, str]] = {}
                marks_u = ",".join("?" * len(unknown))
                for rec, kind, fld, value, hlc, usr in self.execute(
                        f"SELECT rec, kind, field, value, hlc, usr FROM cur WHERE rec IN ({marks_u})", unknown):
                    values.setdefault(rec, {})[fld] = loads(value) if value is not None else None
                    updated[rec] = max(updated.get(rec, 0), hlc)
                    if rec not in first or hlc < first[rec][0]:
                        first[rec] = (hlc, usr, kind)
                state = {r: (first[r][2], values[r], updated[r], first[r][1]) for r in first}
            if known:
                state.update({r: known[r] for r in chunk if r in known})
            gone = [rec for rec in chunk if rec not in state]
            if gone:
                # No value left at all (its only ops were refused and rolled back): the record goes too.
                gmarks = ",".join("?" * len(gone))
                if self.sqlite and self.search:
                    self.execute(f"DELETE FROM records_fts WHERE rowid IN (SELECT num FROM records WHERE id IN "
                                 f"({gmarks}))", gone)
                self.execute(f"DELETE FROM records WHERE id IN ({gmarks})", gone)
            rows = []
            fts = []
            for rec in chunk:
                if rec not in state:
                    continue
                row, text = self._record_row(schema, rec, *state[rec])
                rows.append(row)
                if self.search:
                    fts.append((rec, text is None, text or ""))
            if any(row[1] in META_KINDS for row in rows):
                self._schema = None  # read again once these `_kind`/`_field` rows are written
            if self.sqlite:
                self.executemany(
                    "INSERT INTO records(id, kind, deleted, data, sort, updated, creator) VALUES (?,?,?,?,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, deleted = excluded.deleted, "
                    "data = excluded.data, sort = excluded.sort, updated = excluded.updated", rows)
                if fts:
                    nums = dict(self.execute(f"SELECT id, num FROM records WHERE id IN ({marks})", chunk).fetchall())
                    fresh = set(known or ())
                    self.executemany("DELETE FROM records_fts WHERE rowid = ?",
                                     [(nums[r],) for r, _, _ in fts if r not in fresh])
                    self.executemany("INSERT INTO records_fts(rowid, text) VALUES (?, ?)",
                                     [(nums[r], text) for r, skip, text in fts if not skip])
            else:
                search = {r: text.casefold() for r, _, text in fts}  # LIKE is case-sensitive: fold it here
                self.executemany(
                    "INSERT INTO records(id, kind, deleted, data, sort, updated, creator, search) "
                    "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
                    "deleted = excluded.deleted, data = excluded.data, sort = excluded.sort, "
                    "updated = excluded.updated, search = excluded.search",
                    [(*row, search.get(row[0], "")) for row in rows])

    def _record_row(self, schema: Schema, rec: str, kind: str, values: Mapping[str, Any], updated: int,
                    creator: str) -> tuple[tuple[Any, ...], str | None]:
        """A record's row (id, kind, deleted, data, sort, updated, creator) from its winning values, and its
        search text (None: not searched, as the bin and the schema's own records)."""
        data = dict(values)
        deleted = bool(data.pop(DELETED, False))
        row = (rec, kind, int(deleted), dumps(data), sort_key(schema.title(kind, data))[:200], updated, creator)
        if not self.search or deleted or kind in META_KINDS:
            return row, None
        return row, self._search_text(schema, kind, data)

    def new_records(self, records: Sequence[tuple[str, str, Mapping[str, Any]]], stamps: Iterator[int], *,
                    dev: str, user: str, batch: str | None) -> NewRecords:
        """Records made here and new to every store, as the rows `apply` would write for their ops: worked out
        by the caller (an import, on its own thread), so the writer only writes them (write_new_records)."""
        schema = self.schema()
        out = NewRecords()
        for rec, kind, values in records:
            updated, first = 0, None
            for (fld, value), stamp in zip(values.items(), stamps):
                op_id, text = new_id(), dumps(value)
                out.ops.append((op_id, None, rec, kind, fld, text, stamp, dev, user, batch))
                out.cur.append((rec, fld, kind, text, stamp, dev, op_id, user))
                updated, first = stamp, first or stamp
            if first is None:
                continue
            row, search = self._record_row(schema, rec, kind, values, updated, user)
            out.records.append(row)
            out.search.append(search)
        return out

    def write_new_records(self, new: NewRecords) -> None:
        """Write what new_records worked out (the writer's part: no Python per value)."""
        assert self.sqlite, "records are made on a PC's copy"
        with self._lock, self.db.atomic():
            self.executemany("INSERT INTO ops(id, seq, rec, kind, field, value, hlc, dev, usr, batch) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?)", new.ops)
            self.executemany("INSERT INTO cur(rec, field, kind, value, hlc, dev, op, usr) VALUES (?,?,?,?,?,?,?,?)",
                             new.cur)
            base = int(self.execute("SELECT COALESCE(MAX(num), 0) FROM records").fetchone()[0]) + 1
            self.executemany("INSERT INTO records(num, id, kind, deleted, data, sort, updated, creator) "
                             "VALUES (?,?,?,?,?,?,?,?)", [(base + i, *row) for i, row in enumerate(new.records)])
            if self.search:
                self.executemany("INSERT INTO records_fts(rowid, text) VALUES (?, ?)",
                                 [(base + i, text) for i, text in enumerate(new.search) if text is not None])
            if any(row[1] in META_KINDS for row in new.records):
                self._schema = None

    def restamp(self, stamps: Mapping[str, int]) -> set[str]:
        """Give ops new clock stamps (the server clamped a clock that ran ahead) and re-decide their fields."""
        recs: set[str] = set()
        with self._lock, self.db.atomic():
            for op_id, stamp in stamps.items():
                row = self.execute("SELECT rec, field FROM ops WHERE id = ?", (op_id,)).fetchone()
                if row is None:
                    continue
                rec, fld = row
                self.execute("UPDATE ops SET hlc = ? WHERE id = ?", (stamp, op_id))
                self.execute("DELETE FROM cur WHERE rec = ? AND field = ?", (rec, fld))
                self._upsert_cur(self.execute(
                    "SELECT rec, field, kind, value, hlc, dev, id, usr FROM ops WHERE rec = ? AND field = ?",
                    (rec, fld)).fetchall())
                recs.add(rec)
            self._rebuild(sorted(recs))
        return recs

    def retract(self, op_ids: Sequence[str]) -> set[str]:
        """Take ops back as if never made (refused by the server, or an import cancelled); returns records touched.

        Each field they decided goes back to the best remaining op; a record left with no value goes.
        """
        if not op_ids:
            return set()
        recs: set[str] = set()
        with self._lock, self.db.atomic():
            for chunk in self._chunks(list(op_ids)):
                marks = ",".join("?" * len(chunk))
                recs.update(r[0] for r in self.execute(f"SELECT DISTINCT rec FROM ops WHERE id IN ({marks})", chunk))
                self.execute(f"DELETE FROM ops WHERE id IN ({marks})", chunk)
                self.execute(f"DELETE FROM cur WHERE op IN ({marks})", chunk)
            for chunk in self._chunks(sorted(recs)):
                marks = ",".join("?" * len(chunk))
                self._upsert_cur(self.execute(
                    f"SELECT rec, field, kind, value, hlc, dev, id, usr FROM ops WHERE rec IN ({marks})", chunk))
            self._rebuild(sorted(recs))
        return recs

    def keep_current_as_ops(self, recs: Sequence[str]) -> None:
        """Winning values known only from a snapshot become ops too, so a later `retract` can fall back on them."""
        with self._lock, self.db.atomic():
            for chunk in self._chunks(list(recs)):
                marks = ",".join("?" * len(chunk))
                self.execute(f"INSERT INTO ops(id, seq, rec, kind, field, value, hlc, dev, usr, batch) "
                             f"SELECT op, NULL, rec, kind, field, value, hlc, dev, usr, NULL FROM cur "
                             f"WHERE rec IN ({marks}) AND op NOT IN (SELECT id FROM ops) "
                             f"ON CONFLICT(id) DO NOTHING", chunk)

    def reindex(self) -> None:
        """Every record's row and search text worked out again from its winning values: the index of a store
        that kept none until now (a server before data version 4)."""
        with self._lock, self.db.atomic():
            self._rebuild([row[0] for row in self.execute("SELECT id FROM records").fetchall()])

    def forget(self, rec_ids: Sequence[str]) -> None:
        """Remove records with every trace of them (their ops, values, row and search text)."""
        with self._lock, self.db.atomic():
            for chunk in self._chunks(list(rec_ids)):
                marks = ",".join("?" * len(chunk))
                if self.sqlite and self.search:
                    self.execute(f"DELETE FROM records_fts WHERE rowid IN (SELECT num FROM records WHERE id IN "
                                 f"({marks}))", chunk)
                for table, col in (("ops", "rec"), ("cur", "rec"), ("records", "id")):
                    self.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})", chunk)

    def clear_seqs(self) -> None:
        """Sequence numbers of a server's earlier epoch mean nothing now."""
        self.execute("UPDATE ops SET seq = NULL")

    def set_seqs(self, seqs: Mapping[str, int]) -> None:
        self.executemany("UPDATE ops SET seq = ? WHERE id = ? AND seq IS NULL", [(s, i) for i, s in seqs.items()])

    def everything(self) -> list[Op]:
        """Every op held, and every winning value that came without its op (a snapshot), oldest first."""
        return [op_of_row(r) for r in self.execute(
            f"SELECT {OP_COLUMNS} FROM ops UNION "
            "SELECT op, rec, kind, field, value, hlc, dev, usr, NULL FROM cur WHERE op NOT IN (SELECT id FROM ops) "
            "ORDER BY 6")]

    def history(self, rec_id: str) -> list[HistoryEntry]:
        """Every value each field of the record had, oldest first, including values that lost a conflict."""
        current = {row[0]: row[1] for row in self.execute("SELECT field, op FROM cur WHERE rec = ?", (rec_id,))}
        entries = {}
        for op_id, seq, fld, value, hlc, dev, usr in self.execute(
                "SELECT id, seq, field, value, hlc, dev, usr FROM ops WHERE rec = ?", (rec_id,)):
            entries[op_id] = HistoryEntry(fld, loads(value), hlc, dev, usr, op_id, seq,
                                          current.get(fld) == op_id)
        # A client that started from a snapshot holds only the winning values, not their ops.
        for fld, value, hlc, dev, op_id, usr in self.execute(
                "SELECT field, value, hlc, dev, op, usr FROM cur WHERE rec = ?", (rec_id,)):
            if op_id not in entries:
                entries[op_id] = HistoryEntry(fld, loads(value), hlc, dev, usr, op_id, None, True)
        return sorted(entries.values(), key=lambda e: (e.hlc, e.dev, e.op_id))

    def ops_since(self, seq: int, limit: int, max_bytes: int | None = None) -> list[Op]:
        """Ops after `seq` in order: at most `limit`, and no more once their values pass `max_bytes`."""
        out: list[Op] = []
        size = 0
        for row in self.execute(f"SELECT {OP_COLUMNS} FROM ops WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)):
            out.append(op_of_row(row))
            size += len(row[4] or "") + 100  # the value and the op's other fields
            if max_bytes is not None and size >= max_bytes:
                break
        return out

    def changed_since(self, seq: int, kinds: Sequence[str], most: int) -> list[str] | None:
        """Records of these sections with an op after `seq`, or None when more than `most` ops came since (a
        phone that long away is cheaper served whole)."""
        rows = self.execute("SELECT rec, kind FROM ops WHERE seq > ? ORDER BY seq LIMIT ?", (seq, most + 1)).fetchall()
        if len(rows) > most:
            return None
        wanted = set(kinds)
        return sorted({rec for rec, kind in rows if kind in wanted})

    def last_seqs(self, after: int = 0) -> dict[str, int]:
        """Per section, the sequence number of its latest op after `after` (all of history with 0)."""
        return {kind: int(seq) for kind, seq in self.execute(
            "SELECT kind, MAX(seq) FROM ops WHERE seq > ? GROUP BY kind", (after,))}

    def ops_of_batch(self, batch: str) -> list[Op]:
        return [op_of_row(r) for r in self.execute(f"SELECT {OP_COLUMNS} FROM ops WHERE batch = ?", (batch,))]
