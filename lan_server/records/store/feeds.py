"""What a server feeds a PC and a PC takes in whole: snapshot pages, a first copy written in bulk, one record's
values, and the digest that says whether two stores agree; a phone's whole sections with their stamps."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from lan_server.records.ops import Record
from lan_server.records.schema import META_KINDS
from lan_server.records.store.database import RECORDS_KIND_INDEX
from lan_server.records.store.oplog import OpLog
from lan_server.records.store.rows import dumps, loads


class Feeds(OpLog):
    """Snapshots and digests."""

    def set_bulk(self, on: bool) -> None:
        """Skip the per-commit fsync while a first copy is written (each page's cursor commits with it). On a
        PC's copy that holds no record yet, the lists' indexes are made once at the end instead of grown page by
        page: titles come in no order, so each page rewrote pages all over them (a copy cut short gets them back
        when it is opened again, as every copy's indexes are made then if missing)."""
        if not self.sqlite:
            return
        self.execute(f"PRAGMA synchronous = {'NORMAL' if on else 'FULL'}")
        self.execute(f"PRAGMA wal_autocheckpoint = {0 if on else 1000}")
        if on and self.search and self.execute("SELECT 1 FROM records LIMIT 1").fetchone() is None:
            for (name,) in self.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' "
                                        "AND (name = 'records_kind' OR name LIKE 'records_link_%')").fetchall():
                self.execute(f'DROP INDEX "{name}"')
        if not on:
            if self.search:
                self.execute(RECORDS_KIND_INDEX)
                self.index_links()
            self.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def load_snapshot(self, records: Sequence[tuple[str, str, Sequence[Sequence[Any]]]]) -> int:
        """Write records as the server sent them: (rec, kind, [(field, value, hlc, dev, op_id, user), ...]).
        Returns the latest stamp among them (0 for none), for the PC's clock."""
        rows = []
        # Records new to this store are exactly what the page says (kind, values, updated, creator): one pass
        # gathers that and the rows, and the records are not read back (a first copy writes millions of values).
        known: dict[str, tuple[str, dict[str, Any], int, str]] = {}
        latest = 0
        for rec, kind, fields in records:
            values: dict[str, Any] = {}
            updated, first, creator = 0, None, ""
            for f in fields:
                fld, value, hlc = f[0], f[1], f[2]
                user = f[5] if len(f) > 5 else ""
                rows.append((rec, fld, kind, dumps(value), hlc, f[3], f[4], user))
                values[fld] = value
                if hlc > updated:
                    updated = hlc
                if first is None or hlc < first:
                    first, creator = hlc, user
            if values:
                known[rec] = (kind, values, updated, creator)
                latest = max(latest, updated)
        with self._lock, self.db.atomic():
            ids = [rec for rec, _, _ in records]
            for rec in self._present(ids):
                known.pop(rec, None)  # a record this store holds already is rebuilt from all its values
            self._upsert_cur(rows)
            if any(kind in META_KINDS for _, kind, _ in records):
                self._schema = None
            self._rebuild(ids, known)
        return latest

    def snapshot_page(self, after: str, limit: int,
                      max_bytes: int | None = None) -> list[tuple[str, str, list[list[Any]]]]:
        """Current winning values of up to `limit` records with ids after `after`, tombstones included; the
        page ends after the record whose values pass `max_bytes`."""
        kinds = dict(self.execute("SELECT id, kind FROM records WHERE id > ? ORDER BY id LIMIT ?",
                                  (after, limit)).fetchall())
        if not kinds:
            return []
        recs = sorted(kinds)
        fields: dict[str, list[list[Any]]] = {}
        sizes: dict[str, int] = {}
        for rec, fld, value, hlc, dev, op_id, usr in self.execute(
                "SELECT rec, field, value, hlc, dev, op, usr FROM cur WHERE rec >= ? AND rec <= ? ORDER BY rec",
                (recs[0], recs[-1])):
            fields.setdefault(rec, []).append([fld, loads(value), hlc, dev, op_id, usr])
            sizes[rec] = sizes.get(rec, 0) + len(value or "") + 100
        page: list[tuple[str, str, list[list[Any]]]] = []
        size = 0
        for rec in recs:
            if rec in fields:
                page.append((rec, kinds[rec], fields[rec]))
                size += sizes[rec]
                if max_bytes is not None and size >= max_bytes:
                    break
        return page

    def has_records_after(self, rec_id: str) -> bool:
        return self.execute("SELECT 1 FROM records WHERE id > ? LIMIT 1", (rec_id,)).fetchone() is not None

    def record_fields(self, rec_id: str) -> list[list[Any]]:
        """The winning values of one record in snapshot form."""
        return [[f, loads(v), h, d, o, u] for f, v, h, d, o, u in self.execute(
            "SELECT field, value, hlc, dev, op, usr FROM cur WHERE rec = ?", (rec_id,))]

    def digest(self, include: Callable[[Record], bool] | None = None,
               kinds: Sequence[str] | None = None) -> dict[str, list[int]]:
        """Per kind: number of live records and a checksum of the winning ops; equal stores give equal digests.

        Values count under their record's kind (fixed at creation), not the kind an op named. `include` keeps
        only the records a user may read (the server's digest of what that user's PC should hold).
        """
        out: dict[str, list[int]] = {}
        if include is None:
            for kind, count in self.execute("SELECT kind, COUNT(*) FROM records WHERE deleted = 0 GROUP BY kind"):
                out[kind] = [int(count), 0]
            for kind, total in self.execute("SELECT r.kind, SUM(c.hlc % 1000000007) FROM cur c "
                                            "JOIN records r ON r.id = c.rec GROUP BY r.kind"):
                out.setdefault(kind, [0, 0])[1] = int(total or 0)
            return out
        owner: dict[str, str] = {}
        only = f" WHERE kind IN ({','.join('?' * len(kinds))})" if kinds else ""  # `kinds`: just these sections
        for row in self.execute(f"SELECT id, kind, data, deleted, creator FROM records{only}", list(kinds or ())):
            record = self._record(row)
            if include(record):
                owner[record.id] = record.kind
                if not record.deleted:
                    out.setdefault(record.kind, [0, 0])[0] += 1
        for rec, hlc in self.execute("SELECT rec, hlc FROM cur"):
            if rec in owner:
                out.setdefault(owner[rec], [0, 0])[1] += int(hlc) % 1000000007
        return out

    def ids(self, kind: str, include: Callable[[Record], bool] | None = None) -> list[str]:
        """The ids of every record of `kind`, the bin's too, as the digest counts them (with `include`: those it
        keeps)."""
        if include is None:
            return [str(row[0]) for row in self.execute("SELECT id FROM records WHERE kind = ?", (kind,))]
        return [record.id for row in self.execute("SELECT id, kind, data, deleted, creator FROM records "
                                                  "WHERE kind = ?", (kind,))
                if include(record := self._record(row))]

    def records_of_kinds(self, kinds: Sequence[str]) -> list[tuple[Record, int]]:
        """Every live record of these sections, with its maker and the stamp of its latest value (a phone's
        address book and calendars are listed whole)."""
        marks = ",".join("?" * len(kinds))
        return [(self._record(row[:5]), int(row[5])) for row in self.execute(
            f"SELECT id, kind, data, deleted, creator, updated FROM records WHERE kind IN ({marks}) AND deleted = 0",
            list(kinds))]

    def stamps(self, rec_ids: Sequence[str]) -> dict[str, int]:
        """The stamp of each record's latest value."""
        out: dict[str, int] = {}
        for chunk in self._chunks(list(rec_ids)):
            out.update((r, int(u)) for r, u in self.execute(
                f"SELECT id, updated FROM records WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out
