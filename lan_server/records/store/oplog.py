"""The op log and the merge: ops stored once, each field's winner by (hlc, device, op id), records rebuilt from
their winning values; ops restamped, taken back, forgotten; history and the ops after a sequence number.

A record made in one op (records/ops.py) is stored as its making: one row of `cur` under the field RECORD whose
value maps each field to its value, under the op's stamp. A field's winner is the later of its own latest op and
the making, so every reader below sees what the same record made field by field would show."""

from __future__ import annotations

import contextlib
from operator import itemgetter
from typing import Any, Iterable, Iterator, Mapping, Sequence

from lan_server.records.ops import Op
from lan_server.records.schema import DELETED, META_KINDS, RECORD, Schema
from lan_server.records.store.rows import (
    STAMP_MOD,
    ApplyResult,
    HistoryEntry,
    NewRecords,
    dumps,
    loads,
    op_of_row,
)
from lan_server.records.store.search import SearchIndex
from lan_server.records.store.text import sort_key

SEQ_LOCK = 7755_0001     # PostgreSQL advisory lock held while a server process numbers ops
CHANNEL = "organizer_ops"  # PostgreSQL LISTEN/NOTIFY channel: "ops up to N were committed"
CUR_COLUMNS = "rec, field, kind, value, hlc, dev, op, usr"
# The op log's rows with a record op's values filled in from its making (the log keeps none of its own).
_LOGGED = (f"SELECT o.id, o.rec, o.kind, o.field, COALESCE(o.value, c.value), o.hlc, o.dev, o.usr, o.seq FROM ops o "
           f"LEFT JOIN cur c ON o.field = '{RECORD}' AND c.rec = o.rec AND c.field = '{RECORD}'")

# One winning value: (value, hlc, dev, op id, user, kind).
Winner = tuple[Any, int, str, str, str, str]
# What a record's row is made from: (kind, values, updated, creator, stamps).
State = tuple[str, dict[str, Any], int, str, int]


def _winner(op: Op) -> Winner:
    """An op as the value it would win with."""
    return (op.value, op.hlc, op.dev, op.id, op.user, op.kind)


def winners(base: Winner | None, fields: Iterable[tuple[str, Winner]]) -> dict[str, Winner]:
    """Each field's winner: the record's making (`base`, whose value maps the fields it was made with) or the
    field's own latest op, whichever is later by (hlc, dev, op id)."""
    out: dict[str, Winner] = {}
    if base is not None:
        values, hlc, dev, op, usr, kind = base
        out = {key: (value, hlc, dev, op, usr, kind) for key, value in values.items()}
    for key, won in fields:
        had = out.get(key)
        if had is None or (won[1], won[2], won[3]) > (had[1], had[2], had[3]):
            out[key] = won
    return out


def state_of(won: Mapping[str, Winner]) -> State | None:
    """A record's kind and maker (of its first value: a kind is fixed at creation), values, latest stamp and the
    checksum of its stamps; None for a record with no value left."""
    if not won:
        return None
    first = min(won.values(), key=lambda w: (w[1], w[2], w[3]))
    return (first[5], {key: w[0] for key, w in won.items()}, max(w[1] for w in won.values()), first[4],
            sum(w[1] % STAMP_MOD for w in won.values()))


def _holds_schema(rows: Iterable[Sequence[Any]]) -> bool:
    """Whether record rows (their section second) hold the schema's own records: asked of 100,000 rows at a time,
    so without a line of Python per row."""
    return not META_KINDS.isdisjoint(map(itemgetter(1), rows))


class OpLog(SearchIndex):
    """Writing ops and reading them back."""

    # ---- writing

    def known_seqs(self, op_ids: Sequence[str], *, logged: bool = False) -> dict[str, int | None]:
        """Op ids already stored, with their sequence numbers. A PC knows a record op by its record's making;
        where every op is `logged` (the server's log, record ops included), the log alone is asked."""
        found: dict[str, int | None] = {}
        for chunk in self._chunks(list(op_ids)):
            marks = ",".join("?" * len(chunk))
            for op_id, seq in self.execute(f"SELECT id, seq FROM ops WHERE id IN ({marks})", chunk):
                found[op_id] = seq
            rest = [op_id for op_id in chunk if op_id not in found]
            if rest and not logged:
                marks = ",".join("?" * len(rest))
                found.update((rec, None) for (rec,) in self.execute(
                    f"SELECT rec FROM cur WHERE field = '{RECORD}' AND op = rec AND rec IN ({marks})", rest))
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
    def _state_of_new(ops: Sequence[Op], recs: set[str]) -> dict[str, State]:
        """The whole state of records that only these ops describe (records new to this store)."""
        bases: dict[str, Op] = {}
        latest: dict[str, dict[str, Op]] = {}
        for op in ops:
            if op.rec not in recs:
                continue
            if op.field == RECORD:
                bases[op.rec] = op
                continue
            had = latest.setdefault(op.rec, {}).get(op.field)
            if had is None or op.order > had.order:
                latest[op.rec][op.field] = op
        out: dict[str, State] = {}
        for rec, made in bases.items():
            if rec not in latest and made.value:  # made in one op, and nothing else yet: the usual new record
                out[rec] = (made.kind, dict(made.value), made.hlc, made.user, len(made.value) * (made.hlc % STAMP_MOD))
        for rec, own in latest.items():
            making = bases.get(rec)
            found = state_of(winners(None if making is None else _winner(making),
                                     ((key, _winner(o)) for key, o in own.items())))
            if found is not None:
                out[rec] = found
        return out

    def apply(self, ops: Sequence[Op], *, assign_seq: bool = False, batch: str | None = None,
              fresh: bool = False) -> ApplyResult:
        """Store ops not seen before and let each win its field if it is the latest. Idempotent, order-free.

        With `assign_seq` (the server) each new op gets the next sequence number, and a record op a row in the
        log; otherwise an op keeps the `seq` it arrived with (a client storing what the server sent) and a record
        op is kept as its record's making only. `fresh` says the ops are known to be new (just made here with new
        ids, or looked up by the caller in this writer's turn), so looking for them among stored ops can be skipped.
        """
        with self._lock, self.db.atomic():
            if assign_seq and not self.sqlite:
                # Several server processes on one PostgreSQL: one numbers at a time, until its commit, so
                # sequence numbers never collide and are committed in order (a reader past N never later
                # meets a smaller one). SQLite has one writer anyway.
                self.execute("SELECT pg_advisory_xact_lock(?)", (SEQ_LOCK,))
            seqs = {} if fresh else self.known_seqs([op.id for op in ops], logged=assign_seq)
            new: list[Op] = []
            next_seq = self.max_seq() + 1 if assign_seq else 0
            for op in ops:
                if op.id in seqs:
                    continue
                if assign_seq:
                    op = op.with_seq(next_seq)
                    next_seq += 1
                seqs[op.id] = op.seq
                new.append(op)
            recs = {op.rec for op in new}
            absent = recs - self._present(sorted(recs))
            makings = self._write(new, batch, logged=assign_seq)
            state = self._state_of_new(new, absent) if absent else {}
            rest = recs
            schema_recs = {op.rec for op in new if op.kind in META_KINDS}
            if schema_recs:
                # The schema's own records first: the others of the batch are worked out with the schema they bring
                # (a field added and values typed into it, pushed together).
                self._rebuild(sorted(schema_recs), state or None)
                self._schema = None
                rest = recs - schema_recs
            inserted = sorted(rec for rec in state if rec in rest) if self.sqlite else []
            if inserted:
                # Records new to this store (a push of new records, the usual one) are inserted as their ops make
                # them, with no row to look up or update; the rest are rebuilt from their winning values.
                schema = self.schema()
                # A record made in one op and nothing else: its making's JSON is its row's data as it is.
                edited = {op.rec for op in new if op.field != RECORD}
                made = [self._record_row(schema, rec, *state[rec],
                                         data_text=None if rec in edited else makings.get(rec)) for rec in inserted]
                self._insert_records([row for row, _ in made], [text for _, text in made])
                rest = rest - set(inserted)
            self._rebuild(sorted(rest), state or None)
            if assign_seq and new and not self.sqlite:  # the other server processes hear it on commit
                self.execute("SELECT pg_notify(?, ?)", (CHANNEL, str(max(op.seq or 0 for op in new))))
        return ApplyResult(new=new, seqs=seqs, records=recs, kinds={rec: found[0] for rec, found in state.items()})

    def _write(self, ops: Sequence[Op], batch: str | None, *, logged: bool) -> dict[str, str]:
        """The ops' rows: the log's (a record op's without its values, and only where it is `logged`) and each
        field's or making's current row. Returns each making's values as JSON, by record (its row's data)."""
        # The log's rows in the order the ops came, a run of field ops or of makings at a time: what is NULL in every
        # row of a run is written in its SQL, not bound (a push of 1,000 new records bound 2,000 None).
        runs: list[tuple[bool, list[tuple[Any, ...]]]] = []
        cur: list[tuple[Any, ...]] = []
        makings: dict[str, str] = {}
        tail = () if batch is None else (batch,)
        for op in ops:
            value = dumps(op.value)
            making = op.field == RECORD
            if making:
                makings[op.rec] = value
            if not making or logged:
                if not runs or runs[-1][0] != making:
                    runs.append((making, []))
                runs[-1][1].append((op.id, op.seq, op.rec, op.kind, op.hlc, op.dev, op.user, *tail) if making else
                                   (op.id, op.seq, op.rec, op.kind, op.field, value, op.hlc, op.dev, op.user, *tail))
            cur.append((op.rec, op.field, op.kind, value, op.hlc, op.dev, op.id, op.user))
        last = "?" if tail else "NULL"
        for making, rows in runs:
            values = f"'{RECORD}',NULL" if making else "?,?"
            self.insert_rows("INSERT INTO ops(id, seq, rec, kind, field, value, hlc, dev, usr, batch)", rows,
                             "ON CONFLICT(id) DO NOTHING", row=f"(?,?,?,?,{values},?,?,?,{last})")
        self._upsert_cur(cur)
        if any(op.kind in META_KINDS for op in ops):
            self._schema = None
        return makings

    def _upsert_cur(self, rows: Iterable[Sequence[Any]]) -> None:
        # The WHERE makes the write last-writer-wins by (hlc, dev, op id), whatever order ops arrive in.
        tail = ("ON CONFLICT(rec, field) DO UPDATE SET kind = excluded.kind, value = excluded.value, "
                "hlc = excluded.hlc, dev = excluded.dev, op = excluded.op, usr = excluded.usr "
                "WHERE excluded.hlc > cur.hlc OR (excluded.hlc = cur.hlc AND (excluded.dev > cur.dev "
                "OR (excluded.dev = cur.dev AND excluded.op > cur.op)))")
        if self.sqlite:  # one statement's rows meeting the same field are taken one after the other, as executemany's
            self.insert_rows(f"INSERT INTO cur({CUR_COLUMNS})", list(rows), tail)
        else:  # PostgreSQL refuses a DO UPDATE that meets one key twice in a statement
            self.executemany(f"INSERT INTO cur({CUR_COLUMNS}) VALUES (?,?,?,?,?,?,?,?) {tail}", rows)

    def _current(self, recs: Sequence[str]) -> dict[str, tuple[Winner | None, list[tuple[str, Winner]]]]:
        """The current rows of these records: each one's making (if it was made in one op) and its fields' latest
        ops."""
        out: dict[str, tuple[Winner | None, list[tuple[str, Winner]]]] = {}
        marks = ",".join("?" * len(recs))
        for rec, fld, kind, value, hlc, dev, op, usr in self.execute(
                f"SELECT {CUR_COLUMNS} FROM cur WHERE rec IN ({marks})", recs):
            base, fields = out.get(rec, (None, []))
            won = (loads(value) if value is not None else None, hlc, dev, op, usr, kind)
            if fld == RECORD:
                out[rec] = (won, fields)
            else:
                fields.append((fld, won))
                out[rec] = (base, fields)
        return out

    def _rebuild(self, recs: Sequence[str], known: Mapping[str, State] | None = None) -> None:
        """Recompute the current record rows (and their search text) from the winning field values.

        `known` gives the state of records whose whole state the caller already holds (a snapshot of records
        new to this store), so they are not read back.
        """
        schema = self.schema()
        deferred = self._deferring()
        for chunk in self._chunks(list(recs)):
            marks = ",".join("?" * len(chunk))
            state: dict[str, State] = {}
            unknown = [r for r in chunk if not known or r not in known]
            if unknown:
                for rec, (base, fields) in self._current(unknown).items():
                    found = state_of(winners(base, fields))
                    if found is not None:
                        state[rec] = found
            if known:
                state.update({r: known[r] for r in chunk if r in known})
            gone = [rec for rec in chunk if rec not in state]
            if gone:
                # No value left at all (its only ops were refused and rolled back): the record goes too.
                gmarks = ",".join("?" * len(gone))
                if self.sqlite and self.search:
                    self._unindex(gone)
                self.execute(f"DELETE FROM records WHERE id IN ({gmarks})", gone)
            rows = []
            fts: list[tuple[str, str | None]] = []
            for rec in chunk:
                if rec not in state:
                    continue
                row, text = self._record_row(schema, rec, *state[rec])
                rows.append(row)
                if self.search:
                    fts.append((rec, text))
            if _holds_schema(rows):
                self._schema = None  # read again once these `_kind`/`_field` rows are written
            if self.sqlite:
                self.executemany(
                    "INSERT INTO records(id, kind, deleted, data, sort, updated, creator, stamps) "
                    "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
                    "deleted = excluded.deleted, data = excluded.data, sort = excluded.sort, "
                    "updated = excluded.updated, stamps = excluded.stamps", rows)
                if fts:
                    nums = dict(self.execute(f"SELECT id, num FROM records WHERE id IN ({marks})", chunk).fetchall())
                    fresh = set(known or ())
                    if deferred:
                        self._defer((nums[r], text) for r, text in fts if text is not None or r not in fresh)
                    else:
                        self._index_rows([(nums[r], text) for r, text in fts if r in fresh], new=True)
                        self._index_rows([(nums[r], text) for r, text in fts if r not in fresh])
            else:
                search = {r: (text or "").casefold() for r, text in fts}  # LIKE is case-sensitive: fold it here
                self.executemany(
                    "INSERT INTO records(id, kind, deleted, data, sort, updated, creator, stamps, search) "
                    "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
                    "deleted = excluded.deleted, data = excluded.data, sort = excluded.sort, "
                    "updated = excluded.updated, stamps = excluded.stamps, search = excluded.search",
                    [(*row, search.get(row[0], "")) for row in rows])

    def _record_row(self, schema: Schema, rec: str, kind: str, values: Mapping[str, Any], updated: int,
                    creator: str, stamps: int, *, data_text: str | None = None,
                    searched: bool = True) -> tuple[tuple[Any, ...], str | None]:
        """A record's row (id, kind, deleted, data, sort, updated, creator, stamps) from its winning values, and
        its search text (None: not searched, as the bin and the schema's own records, or not `searched`: left to
        drain_search). `data_text`: the values already as JSON (a making's), used as the row's data when no
        deletion mark is among them."""
        deleted = False
        data = values
        if DELETED in values:  # the bin's mark is the row's column, not one of its values
            data = {key: value for key, value in values.items() if key != DELETED}
            deleted = bool(values[DELETED])
        text = data_text if data_text is not None and data is values else dumps(data)
        row = (rec, kind, int(deleted), text, sort_key(schema.plain_title(kind, data))[:200], updated, creator, stamps)
        return row, self._text_of(schema, kind, data, deleted) if searched else None

    def new_records(self, records: Sequence[tuple[str, str, Mapping[str, Any]]], stamps: Iterator[int], *,
                    dev: str, user: str) -> NewRecords:
        """Records made here in one op each and new to every store (one stamp each from `stamps`), as the rows
        `apply` would write for their record ops: worked out by the caller (an import, on its own thread), so the
        writer only writes them (write_new_records). Their search text is left to drain_search."""
        schema = self.schema()
        out = NewRecords()
        cur, rows, record_row = out.cur.append, out.records.append, self._record_row  # 100,000 times over
        for (rec, kind, values), stamp in zip(records, stamps):
            if not values:
                continue
            text = dumps(values)  # the making's JSON, and the record row's data (unless it is made in the bin)
            cur((rec, RECORD, kind, text, stamp, dev, rec, user))
            rows(record_row(schema, rec, kind, values, stamp, user, len(values) * (stamp % STAMP_MOD),
                            data_text=text, searched=False)[0])
        return out

    def write_new_records(self, new: NewRecords) -> None:
        """Write what new_records worked out (the writer's part: no Python per value). Their search text is worked out
        when drained (an import writes thousands: after it, or at the first search)."""
        assert self.sqlite, "records are made on a PC's copy"
        # inside the caller's transaction (an import's chunk) no savepoint of its own: a failure takes the whole
        # transaction back anyway, and the savepoint was two statements more a chunk
        with self._lock, contextlib.nullcontext() if self.db.in_transaction() else self.db.atomic():
            self.insert_rows(f"INSERT INTO cur({CUR_COLUMNS})", new.cur)
            self._insert_records(new.records, None, defer=True)

    def _insert_records(self, rows: Sequence[tuple[Any, ...]], search: Sequence[str | None] | None, *,
                        defer: bool | None = None) -> None:
        """Record rows (and their search text, None for none) of records no row exists for yet: plain inserts
        numbered here, so the search index's rows need not read the numbers back (SQLite only). Their index rows
        are left to drain_search when `search` is None (not worked out) or the store defers (`defer`, else
        `defer_search`)."""
        # SQLite numbers each after the highest (base, base + 1, ..., the last row's), in the rows' order: the last
        # row's number comes back with the insert (reading the highest first was one statement more a chunk)
        base = 0 if self.sqlite else int(self.execute("SELECT COALESCE(MAX(num), 0) FROM records").fetchone()[0]) + 1
        last = self.insert_rows("INSERT INTO records(id, kind, deleted, data, sort, updated, creator, stamps)", rows)
        if _holds_schema(rows):
            self._schema = None
        if not self.search:
            return
        if self.sqlite:
            base = last - len(rows) + 1
        if search is None:
            self._defer_numbers(base, base + len(rows) - 1)
        elif self._deferring(defer):
            self._defer((base + i, text) for i, text in enumerate(search) if text is not None)
        else:
            self._index_rows([(base + i, text) for i, text in enumerate(search)], new=True)

    def restamp(self, stamps: Mapping[str, int]) -> set[str]:
        """Give ops new clock stamps (the server clamped a clock that ran ahead) and re-decide their fields."""
        recs: set[str] = set()
        with self._lock, self.db.atomic():
            for op_id, stamp in stamps.items():
                row = self.execute("SELECT rec, field FROM ops WHERE id = ?", (op_id,)).fetchone()
                if row is None or row[1] == RECORD:  # a record op: its making takes the stamp
                    self.execute("UPDATE ops SET hlc = ? WHERE id = ?", (stamp, op_id))
                    self.execute(f"UPDATE cur SET hlc = ? WHERE rec = ? AND field = '{RECORD}' AND op = ?",
                                 (stamp, op_id, op_id))
                    recs.update(r[0] for r in self.execute(f"SELECT rec FROM cur WHERE rec = ? AND field = '{RECORD}' "
                                                           "AND op = rec", (op_id,)))
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

        Each field they decided goes back to the best remaining op; a record left with no value goes. A record op
        taken back takes its record's making with it (a PC knows it by its id, its record's).
        """
        if not op_ids:
            return set()
        recs: set[str] = set()
        with self._lock, self.db.atomic():
            for chunk in self._chunks(list(op_ids)):
                marks = ",".join("?" * len(chunk))
                recs.update(r[0] for r in self.execute(f"SELECT DISTINCT rec FROM ops WHERE id IN ({marks})", chunk))
                recs.update(r[0] for r in self.execute(f"SELECT rec FROM cur WHERE field = '{RECORD}' AND op = rec "
                                                       f"AND rec IN ({marks})", chunk))
                self.execute(f"DELETE FROM ops WHERE id IN ({marks})", chunk)
                self.execute(f"DELETE FROM cur WHERE op IN ({marks})", chunk)
            for chunk in self._chunks(sorted(recs)):
                marks = ",".join("?" * len(chunk))
                self._upsert_cur(self.execute(f"SELECT rec, field, kind, value, hlc, dev, id, usr FROM ops WHERE rec "
                                              f"IN ({marks}) AND field != '{RECORD}'", chunk))
            self._rebuild(sorted(recs))
        return recs

    def keep_current_as_ops(self, recs: Sequence[str]) -> None:
        """Winning values known only from a snapshot become ops too, so a later `retract` can fall back on them (a
        record's making stays where it is, and is itself what a PC falls back on)."""
        with self._lock, self.db.atomic():
            for chunk in self._chunks(list(recs)):
                marks = ",".join("?" * len(chunk))
                self.execute(f"INSERT INTO ops(id, seq, rec, kind, field, value, hlc, dev, usr, batch) "
                             f"SELECT op, NULL, rec, kind, field, value, hlc, dev, usr, NULL FROM cur "
                             f"WHERE rec IN ({marks}) AND field != '{RECORD}' AND op != rec "
                             f"AND op NOT IN (SELECT id FROM ops) ON CONFLICT(id) DO NOTHING", chunk)

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
                    self._unindex(chunk)
                for table, col in (("ops", "rec"), ("cur", "rec"), ("records", "id")):
                    self.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})", chunk)

    def clear_seqs(self) -> None:
        """Sequence numbers of a server's earlier epoch mean nothing now."""
        self.execute("UPDATE ops SET seq = NULL")

    def set_seqs(self, seqs: Mapping[str, int]) -> None:
        self.executemany("UPDATE ops SET seq = ? WHERE id = ? AND seq IS NULL", [(s, i) for i, s in seqs.items()])

    # ---- reading

    def everything(self) -> list[Op]:
        """Every op held, and every winning value and making that came without its op (a snapshot), oldest first.
        (A field row named after its record is a copy of the record's making, read back from the server.)"""
        return [op_of_row(r) for r in self.execute(
            f"{_LOGGED} UNION ALL "
            "SELECT op, rec, kind, field, value, hlc, dev, usr, NULL FROM cur "
            f"WHERE op NOT IN (SELECT id FROM ops) AND (field = '{RECORD}' OR op != rec) ORDER BY 6")]

    def history(self, rec_id: str) -> list[HistoryEntry]:
        """Every value each field of the record had, oldest first, including values that lost a conflict; a field
        of the record's making is a value of its own, named after the making (the record's id)."""
        base, fields = self._current([rec_id]).get(rec_id, (None, []))
        current = {key: won[3] for key, won in winners(base, fields).items()}
        entries: dict[tuple[str, str], HistoryEntry] = {}
        logged_seq = None
        for op_id, seq, fld, value, hlc, dev, usr in self.execute(
                "SELECT id, seq, field, value, hlc, dev, usr FROM ops WHERE rec = ?", (rec_id,)):
            if fld == RECORD:  # the log's row of the making (the server's): its values are the making's
                logged_seq = seq
                continue
            entries[op_id, fld] = HistoryEntry(fld, loads(value), hlc, dev, usr, op_id, seq, current.get(fld) == op_id)
        if base is not None:
            values, hlc, dev, op_id, usr, _kind = base
            for fld, value in values.items():
                entries[op_id, fld] = HistoryEntry(fld, value, hlc, dev, usr, op_id, logged_seq,
                                                   current.get(fld) == op_id)
        # A client that started from a snapshot holds only the winning values, not their ops.
        for fld, (value, hlc, dev, op_id, usr, _kind) in fields:
            if (op_id, fld) not in entries:
                entries[op_id, fld] = HistoryEntry(fld, value, hlc, dev, usr, op_id, None, current.get(fld) == op_id)
        return sorted(entries.values(), key=lambda e: (e.hlc, e.dev, e.op_id, e.field))

    def ops_since(self, seq: int, limit: int, max_bytes: int | None = None) -> list[Op]:
        """Ops after `seq` in order: at most `limit`, and no more once their values pass `max_bytes`."""
        out: list[Op] = []
        size = 0
        for row in self.execute(f"{_LOGGED} WHERE o.seq > ? ORDER BY o.seq LIMIT ?", (seq, limit)):
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
        """The field ops written in `batch` (the records it made in one op each are named by the PC's outbox)."""
        return [op_of_row(r) for r in self.execute(f"{_LOGGED} WHERE o.batch = ?", (batch,))]

    def makings(self, recs: Sequence[str]) -> list[Op]:
        """The record ops these records were made with, from their makings (records made field by field have none)."""
        out: list[Op] = []
        for chunk in self._chunks(list(recs)):
            marks = ",".join("?" * len(chunk))
            out += [Op(id=op, rec=rec, kind=kind, field=RECORD, value=loads(value), hlc=hlc, dev=dev, user=usr)
                    for rec, _f, kind, value, hlc, dev, op, usr in self.execute(
                        f"SELECT {CUR_COLUMNS} FROM cur WHERE field = '{RECORD}' AND rec IN ({marks})", chunk)]
        return out
