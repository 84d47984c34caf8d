"""The record store over peewee: ops log, winning field values, current records and full-text search."""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import orjson
import peewee
from playhouse.db_url import connect as connect_url

from lan_server.records.ops import Op, Record, new_id
from lan_server.records.phones import digits_key, phone_digits
from lan_server.records.schema import DELETED, META_KINDS, TEXT_TYPES, Schema

CHUNK = 500
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    # FULL: an acknowledged op or a queued offline edit survives a power cut, not only a crash.
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "cache_size": -32000,
}

# the lists' index: a section's records in title order
_RECORDS_KIND = "CREATE INDEX IF NOT EXISTS records_kind ON records(kind, deleted, sort, id)"
_DDL_SQLITE = [
    """CREATE TABLE IF NOT EXISTS ops (
        id TEXT PRIMARY KEY, seq INTEGER UNIQUE, rec TEXT NOT NULL, kind TEXT NOT NULL,
        field TEXT NOT NULL, value TEXT, hlc INTEGER NOT NULL, dev TEXT NOT NULL, usr TEXT NOT NULL,
        batch TEXT)""",
    "CREATE INDEX IF NOT EXISTS ops_rec ON ops(rec, hlc)",
    "CREATE INDEX IF NOT EXISTS ops_batch ON ops(batch) WHERE batch IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS cur (
        rec TEXT NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL, value TEXT, hlc INTEGER NOT NULL,
        dev TEXT NOT NULL, op TEXT NOT NULL, usr TEXT NOT NULL, PRIMARY KEY (rec, field)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS records (
        num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, deleted INTEGER NOT NULL,
        data TEXT NOT NULL, sort TEXT NOT NULL, updated INTEGER NOT NULL, creator TEXT NOT NULL DEFAULT '')""",
    _RECORDS_KIND,
    "CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')",
    # the index's words in order, read one at a time (Store._word_query): 'instance' rows come without counting
    "CREATE VIRTUAL TABLE IF NOT EXISTS records_fts_words USING fts5vocab(records_fts, 'instance')",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
]
_DDL_POSTGRES = [
    """CREATE TABLE IF NOT EXISTS ops (
        id TEXT PRIMARY KEY, seq BIGINT UNIQUE, rec TEXT NOT NULL, kind TEXT NOT NULL,
        field TEXT NOT NULL, value TEXT, hlc BIGINT NOT NULL, dev TEXT NOT NULL, usr TEXT NOT NULL,
        batch TEXT)""",
    "CREATE INDEX IF NOT EXISTS ops_rec ON ops(rec, hlc)",
    "CREATE INDEX IF NOT EXISTS ops_batch ON ops(batch) WHERE batch IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS cur (
        rec TEXT NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL, value TEXT, hlc BIGINT NOT NULL,
        dev TEXT NOT NULL, op TEXT NOT NULL, usr TEXT NOT NULL, PRIMARY KEY (rec, field))""",
    """CREATE TABLE IF NOT EXISTS records (
        num BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, deleted INTEGER NOT NULL,
        data TEXT NOT NULL, sort TEXT NOT NULL, updated BIGINT NOT NULL, creator TEXT NOT NULL DEFAULT '',
        search TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS records_kind ON records(kind, deleted, sort, id)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
]

_WORD = re.compile(r"\w+", re.UNICODE)
_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_]{0,40}")


def _link_expr(key: str) -> str:
    """The value of link field `key`, written as its index (index_links) is: SQLite uses an index on an
    expression only when the query writes it the same way, the path included."""
    if not _PLAIN_KEY.fullmatch(key):
        raise ValueError(f"not a field key: {key!r}")
    return f"json_extract(data, '$.{key}')"
_INDEXED_TYPES = TEXT_TYPES | {"number", "money", "date"}
_FEW_MATCHES = 2000  # up to this many matches, a search is driven from the index (see Store._filter)
_FEW_WORDS = 8       # a prefix standing for up to this many indexed words is asked as those words (_word_query)
_WALKED = 1000       # pages up to this row of a common word's list may walk the title order (Store.records)
_LOOK = 50           # a look at the index for one record costs about as much as gathering 50 matches (measured)
# Words the index holds exactly as the search folds them (unicode61 keeps й and ё; the index has е for ё):
# only these are looked up among the index's words; any other is asked as a prefix.
_PLAIN_WORD = re.compile(r"[0-9a-zа-яй]+")
_FEW_LINKED = 50     # up to this many linked records (organizations) matched, their people are found too


def fold(text: str) -> str:
    """Case- and ё-insensitive form used for sorting and search."""
    return text.casefold().replace("ё", "е")


_LATIN_AFTER_CYRILLIC = {c: chr(c + 0x1000) for c in range(ord("a"), ord("z") + 1)}


def sort_key(text: str) -> str:
    """How titles sort, as Russian users expect: any case, Ё with Е, digits first, Cyrillic before Latin
    (SQLite compares the key's code points; Latin letters are moved past the Cyrillic ones)."""
    return fold(text).translate(_LATIN_AFTER_CYRILLIC)


def fold_yo(text: str) -> str:
    """Only ё to е: the search index folds case itself (unicode61), but treats ё and е as different letters."""
    return text.replace("ё", "е").replace("Ё", "Е")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: Any) -> str:
    """Compact JSON text; orjson is about ten times faster, json handles what it refuses (huge integers)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return _encode(value)


def loads(text: str) -> Any:
    return orjson.loads(text)


_PHONE_LIKE = re.compile(r"[+\d][\d\s()\-.]*")


def prefix_query(word: str) -> str:
    """A word as the index's prefix query: every indexed word that starts with it."""
    return f'"{word}"*'


def fts_query(text: str, word_query: Callable[[str], str] = prefix_query) -> str | None:
    """Every word of the user's text as a prefix, all required; None when there is no word. `word_query` says
    how a word is asked (Store._word_query: as the few whole words it stands for, where it can).

    Text that looks like a phone number (8 900 123-45-67, 89001234567, +7 900 123) also matches as one run of
    digits, with and without the country code or trunk 8: the index holds a phone's digits in both forms."""
    words = _WORD.findall(fold(text))
    if not words:
        return None
    query = " AND ".join(word_query(w) for w in words)
    digits = phone_digits(text)
    if _PHONE_LIKE.fullmatch(text.strip()) and len(digits) >= 5:
        runs = dict.fromkeys([digits] + ([digits[1:]] if digits[0] in "78" else []))
        query = " OR ".join([f"({query})", *(f'"{d}"*' for d in runs)])
    return query


OP_COLUMNS = "id, rec, kind, field, value, hlc, dev, usr, seq"


def op_of_row(row: Sequence[Any]) -> Op:
    """An op from a row of `OP_COLUMNS`."""
    return Op(id=row[0], rec=row[1], kind=row[2], field=row[3], value=loads(row[4]) if row[4] is not None else None,
              hlc=row[5], dev=row[6], user=row[7], seq=row[8])


@dataclass(frozen=True)
class HistoryEntry:
    field: str
    value: Any
    hlc: int
    dev: str
    user: str
    op_id: str
    seq: int | None
    current: bool


@dataclass
class NewRecords:
    """Rows of records new to every store, worked out before the writer takes them (Store.new_records)."""

    ops: list[tuple[Any, ...]] = field(default_factory=list)
    cur: list[tuple[Any, ...]] = field(default_factory=list)
    records: list[tuple[Any, ...]] = field(default_factory=list)
    search: list[str | None] = field(default_factory=list)  # per record: its search text, None for none

    @property
    def op_ids(self) -> list[str]:
        return [row[0] for row in self.ops]


@dataclass
class ApplyResult:
    new: list[Op]
    # every op id of the call mapped to its sequence number (None where none is assigned yet)
    seqs: dict[str, int | None]
    records: set[str]


def open_database(target: str | Path) -> peewee.Database:
    """A path opens (or creates) SQLite in WAL mode; a URL such as postgresql://... goes to playhouse.db_url."""
    text = str(target)
    if "://" in text:
        return connect_url(text)
    Path(text).parent.mkdir(parents=True, exist_ok=True)
    db = peewee.SqliteDatabase(text, pragmas=SQLITE_PRAGMAS, check_same_thread=False)
    # SQLite's lower() and LIKE fold ASCII only: "contains" conditions fold Cyrillic (and ё) with our rule.
    db.register_function(lambda v: fold(str(v)) if v is not None else None, "fold", 1, deterministic=True)
    db.register_function(sortable, "sortable", 1, deterministic=True)
    return db


_SORTABLE = {**_LATIN_AFTER_CYRILLIC, ord("ё"): "е"}


def sortable(value: Any) -> Any:
    """A value as a column sorts it: numbers as numbers (before any text), text the Russian way (as sort_key,
    with lower() and one table: this runs once per row of a sorted list)."""
    if value.__class__ is str:
        return value.lower().translate(_SORTABLE)
    return value if value is None or isinstance(value, (int, float)) else sort_key(str(value))


_IN_HITS = "r.num IN (SELECT n FROM temp.search_hits)"  # a common word's matches (Store._fill_hits)
# ... and the same test of one record at a time, straight from the index: a first page walks the title order
# and stops after a page, so it asks for a few dozen records, not for all the matches
_MATCHES_ROW = "EXISTS (SELECT 1 FROM records_fts f WHERE f.records_fts MATCH ? AND f.rowid = r.num)"
# records in the order the index gives its matches (CROSS JOIN: SQLite may not start from the records)
_FROM_MATCHES = "(SELECT rowid AS n FROM records_fts WHERE records_fts MATCH ?) m CROSS JOIN records r ON r.num = m.n"
ID_KEY = "@id"  # in a `where`: the records with these ids
SEQ_LOCK = 7755_0001     # PostgreSQL advisory lock held while a server process numbers ops
CHANNEL = "organizer_ops"  # PostgreSQL LISTEN/NOTIFY channel: "ops up to N were committed"
# A `where` value may be a condition instead of a value: {"op": OP, "value": V} (and "to": V2 for between).
CONDITIONS = ("contains", "starts", "gt", "lt", "between", "next_days")


class Store:
    """All reads and writes of records. One instance per database connection owner (one thread)."""

    def __init__(self, db: peewee.Database, *, search: bool = True) -> None:
        """`search=False` (the server) skips the full-text index: only PCs search, the server never does."""
        self.db = db
        self.sqlite = isinstance(db, peewee.SqliteDatabase)
        self.search = search
        self._schema: Schema | None = None
        self._index_plan: dict[tuple[int, str], tuple[frozenset[str] | None, frozenset[str]]] = {}
        self._lock = threading.RLock()
        # A list sorted by another column than the title, as ids: the window asks it page by page, and sorting
        # the Russian way runs Python per row, so it is sorted once until the data changes.
        self._order_cache: dict[tuple[Any, ...], list[str]] = {}
        self._filter_cache: dict[tuple[Any, ...], tuple[str, str, list[Any], str | None]] = {}
        self._hits: dict[int, tuple[str, tuple[int, int]]] = {}  # per thread: the search its search_hits holds
        self._scratch: dict[int, int] = {}  # per thread: rows its connection wrote to search_hits (not data)
        self._words: dict[tuple[str, tuple[int, int]], str] = {}  # _word_query's answers on this data
        self._walks: dict[tuple[str, tuple[int, int]], tuple[int, int]] = {}  # _walk_pays: (counted to, found)
        self.db.connect(reuse_if_open=True)
        with self.db.atomic():
            for stmt in _DDL_SQLITE if self.sqlite else _DDL_POSTGRES:
                self.db.execute_sql(stmt)

    @classmethod
    def open(cls, target: str | Path, *, search: bool = True) -> Store:
        return cls(open_database(target), search=search)

    def close(self) -> None:
        self.db.close()

    # ---- low level

    def _sql(self, sql: str) -> str:
        # psycopg2 uses %s placeholders, so a literal % must be doubled first.
        return sql if self.sqlite else sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute_sql(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            self.db.cursor().executemany(self._sql(sql), rows)

    def atomic(self) -> Any:
        return self.db.atomic()

    @staticmethod
    def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
        for i in range(0, len(items), size):
            yield items[i:i + size]

    # ---- meta

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, key: str, value: Any) -> None:
        self.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (key, dumps(value)))

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

    def _indexed(self, schema: Schema, kind: str) -> tuple[frozenset[str] | None, frozenset[str]]:
        """Per kind: the keys whose values go into the search index (None: all) and the phone keys."""
        key = (id(schema), kind)
        found = self._index_plan.get(key)
        if found is None:
            if not schema.has_kind(kind):
                found = (None, frozenset())
            else:
                kd = schema.kind(kind)
                found = (frozenset(f.key for f in kd.fields if f.type in _INDEXED_TYPES),
                         frozenset(f.key for f in kd.fields if f.type == "phone"))
            self._index_plan = {k: v for k, v in self._index_plan.items() if k[0] == id(schema)}
            self._index_plan[key] = found
        return found

    def _search_text(self, schema: Schema, kind: str, data: Mapping[str, Any]) -> str:
        keys, phones = self._indexed(schema, kind)
        parts = []
        for key, value in data.items():
            if value is None or isinstance(value, (bool, dict, list)):
                continue
            if keys is not None and key not in keys and key in schema.kind(kind).field_map:
                continue
            text = str(value)
            parts.append(text)
            if key in phones:  # finds 74951234567, and 4951234567, in +7 (495) 123-45-67
                digits = phone_digits(text)
                key_digits = digits_key(digits)
                parts += [digits] if digits == key_digits else [digits, key_digits]
        return fold_yo(" ".join(parts))

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
                self.execute(_RECORDS_KIND)
                self.index_links()
            self.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def forget_schema(self) -> None:
        """Read the schema again next time (another connection committed `_kind`/`_field` changes)."""
        self._schema = None

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

    # ---- reading

    def schema(self) -> Schema:
        if self._schema is None:
            kinds: list[dict[str, Any]] = []
            fields: list[dict[str, Any]] = []
            for kind, data, deleted in self.execute(
                    "SELECT kind, data, deleted FROM records WHERE kind IN ('_kind', '_field')"):
                d = {**json.loads(data), DELETED: bool(deleted)}
                (kinds if kind == "_kind" else fields).append(d)
            self._schema = Schema.from_records(kinds, fields)
        return self._schema

    def _record(self, row: Sequence[Any]) -> Record:
        return Record(id=row[0], kind=row[1], fields=loads(row[2]), deleted=bool(row[3]),
                      creator=row[4] if len(row) > 4 else "")

    def get(self, rec_id: str) -> Record | None:
        row = self.execute("SELECT id, kind, data, deleted, creator FROM records WHERE id = ?", (rec_id,)).fetchone()
        return self._record(row) if row else None

    def get_many(self, rec_ids: Sequence[str]) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for chunk in self._chunks(list(rec_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.execute(f"SELECT id, kind, data, deleted, creator FROM records WHERE id IN ({marks})",
                                    chunk):
                out[row[0]] = self._record(row)
        return out

    def _version(self) -> tuple[int, int]:
        """Changes whenever the database does: another connection's commit, or a write on this one."""
        return (self.execute("PRAGMA data_version").fetchone()[0],
                self.db.connection().total_changes - self._scratch.get(threading.get_ident(), 0))

    def _json_field(self, key: str) -> tuple[str, str]:
        if self.sqlite:
            return "json_extract(data, ?)", "$." + json.dumps(key)
        return "(data::json ->> ?)", key

    def _filter(self, kind: str | None, search: str | None, where: Mapping[str, Any] | None,
                deleted: bool) -> tuple[str, str, list[Any], str | None]:
        """_filter_sql, kept for the same search on unchanged data: the window asks for a page and the count of
        the same search, and working out how to search (_matches_many, _linked_matches, _mixed_words) costs
        several full-text lookups of its own."""
        if not (search and self.sqlite):
            return self._filter_sql(kind, search, where, deleted)
        key = (threading.get_ident(), kind, search, repr(sorted((where or {}).items())), deleted, self._version())
        found = self._filter_cache.get(key)
        if found is None:
            found = self._filter_sql(kind, search, where, deleted)
            mine = {k: v for k, v in self._filter_cache.items() if k[0] != key[0]}  # other threads' latest
            self._filter_cache = {**dict(list(mine.items())[-7:]), key: found}
        return found[0], found[1], list(found[2]), found[3]

    def _filter_sql(self, kind: str | None, search: str | None, where: Mapping[str, Any] | None,
                    deleted: bool) -> tuple[str, str, list[Any], str | None]:
        """(FROM, WHERE, parameters) of a list, and the full-text query of a search that matches many records
        (None for any other list).

        A quick search that matches few records starts from the full-text matches (CROSS JOIN keeps SQLite
        from walking every record in title order and testing each), so it costs what those few cost, whatever
        the size of the section. One that matches many looks records up among its matches (search_hits, its
        WHERE ends with _IN_HITS); its first pages and first count are read cheaper still (`records`, `count`).
        A bounded look at the index decides which."""
        source = "records r"
        clauses = ["r.deleted = ?"]
        params: list[Any] = [int(deleted)]
        if kind is not None:
            clauses.append("r.kind = ?")
            params.append(kind)
        for key, value in (where or {}).items():
            if key == ID_KEY:  # these records and no others (the dashboard's click-through)
                ids = list(value)
                clauses.append(f"r.id IN ({','.join('?' * len(ids)) or 'NULL'})")
                params.extend(ids)
                continue
            expr, path = self._json_field(key)
            if value is None:
                clauses.append(f"{expr.replace('data', 'r.data')} IS NULL")
                params.append(path)
            elif isinstance(value, dict):  # a condition: contains, starts with, greater, less, between
                sql, args = self._condition(expr.replace('data', 'r.data'), path, value)
                clauses.append(sql)
                params.extend(args)
            elif isinstance(value, (list, tuple, set, frozenset)):  # any of these values
                values = list(value)
                marks = ",".join("?" * len(values)) or "NULL"
                clauses.append(f"{expr.replace('data', 'r.data')} IN ({marks})")
                params.extend([path, *(v if self.sqlite else str(v) for v in values)])
            else:
                clauses.append(f"{expr.replace('data', 'r.data')} = ?")
                params.extend([path, value if self.sqlite else str(value)])
        if search:
            if self.sqlite:
                q = fts_query(search, self._word_query)
                if q is None:
                    return source, "1 = 0", [], None
                # One look at the full-text index: the matches themselves when they are few (the rest below
                # reads them from this list instead of asking the index again), None when they are many.
                few = self._fts_rowids(q)
                many = few is None
                matched = json.dumps(few)
                # Few matches may include an organization: its people are found too. (A word that matches
                # thousands of records is common, and looking through them for organizations costs more than
                # it finds.)
                linked = self._linked_matches(kind, q, matched) if kind is not None and not many else []
                plain = kind is not None and _PLAIN_KEY.fullmatch(kind)
                if linked and not (plain and all(_PLAIN_KEY.fullmatch(key) for key, _ids in linked)):
                    # a field key written differently: the records that match, or whose link matches
                    ors = ["r.num IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)"]
                    params.append(q)
                    for key, ids in linked:
                        expr, path = self._json_field(key)
                        ors.append(f"{expr.replace('data', 'r.data')} IN ({','.join('?' * len(ids))})")
                        params.extend([path, *ids])
                    clauses.append("(" + " OR ".join(ors) + ")")
                    return source, " AND ".join(clauses), params, None
                if linked:
                    # Contacts of an organization whose name was typed ("ромашк" finds Ромашка's people): the
                    # records the words match, or whose link points at a record the words match, gathered
                    # through the full-text index and the links' indexes (index_links), never by reading every
                    # record of the section.
                    parts = ["SELECT value AS n FROM json_each(?)"]
                    found_params: list[Any] = [matched]
                    for key, ids in linked:
                        parts.append(f"SELECT num FROM records WHERE kind = '{kind}' AND {_link_expr(key)} IN "
                                     f"({','.join('?' * len(ids))})")
                        found_params.extend(ids)
                    source = f"({' UNION '.join(parts)}) m CROSS JOIN records r ON r.num = m.n"
                    return source, " AND ".join(clauses), [*found_params, *params], None
                mixed = self._mixed_words(kind, search) if kind is not None and not many else []
                if mixed:
                    # "ромашка иванов": the person's words match the record, the others the organization it
                    # links to (any way of splitting them that names one).
                    ways = []
                    for person_q, named in mixed:
                        links = []
                        for key, ids in named:
                            expr, path = self._json_field(key)
                            links.append(f"{expr.replace('data', 'r.data')} IN ({','.join('?' * len(ids))})")
                            params.extend([path, *ids])
                        ways.append(f"(({' OR '.join(links)}) AND "
                                    "r.num IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?))")
                        params.append(person_q)
                    clauses.append("(" + " OR ".join(ways) + ")")
                    # driven from the records the person's words match: few, where the scan of a section is not
                    source = _FROM_MATCHES
                    params.insert(0, " OR ".join(f"({person_q})" for person_q, _named in mixed))
                    return source, " AND ".join(clauses), params, None
                if many:
                    return source, " AND ".join([*clauses, _IN_HITS]), params, q
                source = "(SELECT value AS n FROM json_each(?)) m CROSS JOIN records r ON r.num = m.n"
                params.insert(0, matched)
            else:
                for word in _WORD.findall(fold(search)):
                    clauses.append("r.search LIKE ?")
                    params.append(f"%{word}%")
        return source, " AND ".join(clauses), params, None

    def index_links(self) -> None:
        """An index per link field (a contact's organization, a deal's contact): a search that names an
        organization finds its people through it. Made once per field; a PC's copy only (the server does not
        search)."""
        if not (self.sqlite and self.search):
            return
        for kd in self.schema().kinds():
            for fd in kd.fields:
                if fd.type == "link" and _PLAIN_KEY.fullmatch(kd.key) and _PLAIN_KEY.fullmatch(fd.key):
                    # per section: a record's write works out only its own section's links
                    self.execute(f"CREATE INDEX IF NOT EXISTS records_link_{kd.key}_{fd.key} ON "
                                 f"records({_link_expr(fd.key)}) WHERE kind = '{kd.key}'")

    def _fill_hits(self, q: str) -> None:
        """The records a full-text query matches, in a temporary table of this thread's connection (_IN_HITS),
        filled once per search and data state: the full count and each page scrolled far to look a record up
        there instead of each gathering every match again (a word most records have matches hundreds of
        thousands)."""
        thread = threading.get_ident()
        if self._hits.get(thread) != (q, self._version()):
            connection = self.db.connection()
            before = connection.total_changes
            self.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (n INTEGER PRIMARY KEY)")
            self.execute("DELETE FROM temp.search_hits")
            self.execute("INSERT INTO temp.search_hits SELECT rowid FROM records_fts WHERE records_fts MATCH ?", (q,))
            # scratch rows, not data: lists and searches cached on this data stay valid
            self._scratch[thread] = self._scratch.get(thread, 0) + connection.total_changes - before
            self._hits[thread] = (q, self._version())

    def _walk_pays(self, q: str, rows: int) -> bool:
        """Whether walking the title order to row `rows`, with a look at the index per record, costs less than
        gathering every match first. A look costs about _LOOK matches gathered, and a walk looks at rows·T/M
        records (T records, M matches), so it pays when M² > rows·T·_LOOK: when most records match, as "клиент"
        in a list of clients; a word one record in a hundred has is gathered."""
        total = int(self.execute("SELECT COALESCE(MAX(num), 0) FROM records").fetchone()[0])
        need = math.isqrt(rows * total * _LOOK) + 1
        if need > total:
            return False
        key = (q, self._version())
        known = self._walks.get(key)
        if known is None or (known[1] >= known[0] and known[0] < need):  # not counted as far as this asks
            found = int(self.execute("SELECT COUNT(*) FROM (SELECT rowid FROM records_fts WHERE records_fts MATCH ? "
                                     "LIMIT ?)", (q, need)).fetchone()[0])
            known = (need, found)
            self._walks = {key: known}
        return min(known[1], known[0]) >= need

    def _word_query(self, word: str) -> str:
        """How the index is asked for a word of a quick search. A prefix query makes SQLite gather every match
        of every word it stands for before it hands out the first ("клиент"* reads all 1,000,000 matches to give
        50); whole words asked together hand out their matches as they come. So a prefix that stands for up to
        _FEW_WORDS indexed words is asked as those words, read from the index's word list one step each."""
        if not (self.sqlite and self.search and _PLAIN_WORD.fullmatch(word)):
            return prefix_query(word)
        key = (word, self._version())
        query = self._words.get(key)
        if query is None:
            words: list[str] = []
            after = word
            while len(words) <= _FEW_WORDS:
                row = self.execute("SELECT term FROM records_fts_words WHERE term >= ? LIMIT 1", (after,)).fetchone()
                if row is None or not str(row[0]).startswith(word):
                    break
                words.append(str(row[0]))
                after = words[-1] + "\x00"  # the first word after it
            if len(words) > _FEW_WORDS:
                query = prefix_query(word)
            else:  # no word at all: the whole word, which matches nothing, as the prefix would
                query = "(" + " OR ".join(f'"{w}"' for w in words or [word]) + ")"
            self._words = {k: v for k, v in list(self._words.items())[-63:] if k[1] == key[1]}
            self._words[key] = query
        return query

    def _fts_rowids(self, q: str) -> list[int] | None:
        """The records the full-text query matches when they are no more than _FEW_MATCHES, else None."""
        rows = [r[0] for r in self.execute("SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT ?",
                                           (q, _FEW_MATCHES + 1))]
        return rows if len(rows) <= _FEW_MATCHES else None

    def _matches_many(self, q: str) -> bool:
        """Whether the full-text query matches more than _FEW_MATCHES records (read no further)."""
        return self._fts_rowids(q) is None

    def _mixed_words(self, kind: str, search: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
        """For a search of several words, some naming the person and the others a linked record together
        ("ромашка 0777 иванов"): each way of splitting them that names a few linked records, as (the person's
        words as a query, [(link field, ids)]). Empty when no split names one."""
        words = list(dict.fromkeys(_WORD.findall(fold(search))))
        if not 2 <= len(words) <= 5 or _PHONE_LIKE.fullmatch(search.strip()):
            return []
        query = {w: self._word_query(w) for w in words}
        # a word in thousands of records ("клиент") names no organization worth the look through them
        common = {w for w in words if self._matches_many(query[w])}
        splits = []
        for size in range(len(words) - 1, 0, -1):
            for named in combinations(words, size):
                if common.intersection(named):
                    continue
                linked = self._linked_matches(kind, " AND ".join(query[w] for w in named))
                if linked:
                    splits.append((" AND ".join(query[w] for w in words if w not in named), linked))
        return splits

    def _linked_matches(self, kind: str, q: str, matched: str | None = None) -> list[tuple[str, list[str]]]:
        """(link field, ids) of the records of `kind`'s linked sections that the search words match, when they
        are few: a word such as "ооо" that matches every organization adds nothing."""
        schema = self.schema()
        if not schema.has_kind(kind):
            return []
        found = []
        for fd in schema.kind(kind).fields:
            target = fd.options.get("link_kind")
            if fd.type != "link" or not target:
                continue
            # `matched`: the query's matches already read (a JSON list of rowids), so the index is not asked again
            source = "json_each(?)" if matched is not None else \
                "(SELECT rowid AS value FROM records_fts WHERE records_fts MATCH ?)"
            ids = [r[0] for r in self.execute(
                f"SELECT r.id FROM {source} m CROSS JOIN records r ON r.num = m.value "
                "WHERE r.kind = ? AND r.deleted = 0 LIMIT ?", (matched if matched is not None else q, target,
                                                              _FEW_LINKED + 1))]
            if 0 < len(ids) <= _FEW_LINKED:
                found.append((fd.key, ids))
        return found

    def _condition(self, expr: str, path: str, cond: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """SQL for one field condition. Numbers compare as numbers, dates as their ISO text (a date bound
        takes in the whole day of a date-and-time)."""
        op, value, to = cond.get("op"), cond.get("value"), cond.get("to")
        if op in ("contains", "starts"):
            folded = fold(str(value or "")).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = ("%" if op == "contains" else "") + folded + "%"
            text = f"fold({expr})" if self.sqlite else f"lower({expr})"
            return f"{text} LIKE ? ESCAPE '\\'", [path, pattern]
        if op == "next_days":  # from today on, this PC's date: a saved filter stays "the next N days"
            today = date.today()
            return f"{expr} BETWEEN ? AND ?", [path, today.isoformat(),
                                               (today + timedelta(days=int(value or 0))).isoformat() + "T99"]
        if op in ("gt", "lt", "between"):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            column = (f"CAST({expr} AS REAL)" if self.sqlite else f"CAST({expr} AS DOUBLE PRECISION)") if numeric \
                else expr
            if op == "gt":
                return f"{column} > ?", [path, value]
            if op == "lt":
                return f"{column} < ?", [path, value]
            end = to if numeric or not isinstance(to, str) or len(to) != 10 else to + "T99"  # the whole last day
            return f"{column} BETWEEN ? AND ?", [path, value, end]
        raise ValueError(f"unknown condition {op!r} (use one of {', '.join(CONDITIONS)})")

    def records(self, kind: str | None = None, *, search: str | None = None,
                where: Mapping[str, Any] | None = None, deleted: bool = False, limit: int | None = None,
                offset: int = 0, order: str | None = None, descending: bool = False) -> list[Record]:
        """Records of a kind, optionally narrowed by quick search and exact field values, sorted by title."""
        source, clause, params, common = self._filter(kind, search, where, deleted)
        if common is not None:  # a word many records have
            if order is None and limit is not None and offset + limit <= _WALKED and \
                    self._walk_pays(common, offset + limit):
                clause, params = clause.removesuffix(_IN_HITS) + _MATCHES_ROW, [*params, common]
            else:
                self._fill_hits(common)
        direction = "DESC" if descending else "ASC"
        if order:
            expr, path = self._json_field(order)
            value = expr.replace("data", "r.data")
            fd = self.schema().kind(kind).field(order) if kind and self.schema().has_kind(kind) else None
            if fd is not None and fd.type == "link":  # a linked record sorts by its title, not its id
                value = f"(SELECT o.sort FROM records o WHERE o.id = {value})"
            elif self.sqlite:
                value = f"sortable({value})"
            order_sql = f"{value} {direction}, r.sort {direction}, r.id"
            order_params = [path]
        else:
            order_sql = f"r.sort {direction}, r.id {direction}"
            order_params = []
        if order and self.sqlite and limit is not None:
            key = (kind, search, repr(sorted((where or {}).items())), deleted, order, descending, self._version())
            ids = self._order_cache.get(key)
            if ids is None:
                ids = [row[0] for row in self.execute(
                    f"SELECT r.id FROM {source} WHERE {clause} ORDER BY {order_sql}", [*params, *order_params])]
                self._order_cache = {key: ids}  # the latest order only: it is what the window shows
            page = ids[offset:offset + limit]
            found = self.get_many(page)
            return [found[rec_id] for rec_id in page if rec_id in found]
        sql = f"SELECT r.id, r.kind, r.data, r.deleted FROM {source} WHERE {clause} ORDER BY {order_sql}"
        tail: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            tail = [limit, offset]
        return [self._record(row) for row in self.execute(sql, [*params, *order_params, *tail])]

    def count(self, kind: str | None = None, *, search: str | None = None,
              where: Mapping[str, Any] | None = None, deleted: bool = False, upto: int | None = None) -> int:
        """How many records a list has; with `upto`, counted no further than that (a first look)."""
        source, clause, params, common = self._filter(kind, search, where, deleted)
        if common is not None and upto is not None:  # the first matches the index gives, in its order
            source = _FROM_MATCHES
            clause, params = clause.removesuffix(" AND " + _IN_HITS), [common, *params]
        elif common is not None:
            self._fill_hits(common)
        if upto is not None:
            return int(self.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {clause} LIMIT ?)",
                                    [*params, upto]).fetchone()[0])
        return int(self.execute(f"SELECT COUNT(*) FROM {source} WHERE {clause}", params).fetchone()[0])

    def group_counts(self, kind: str, field: str) -> list[tuple[Any, int]]:
        """Each value of `field` among the live records of `kind`, with how many have it (empty as None)."""
        expr, path = self._json_field(field)
        rows = self.execute(f"SELECT {expr} AS v, COUNT(*) FROM records WHERE kind = ? AND deleted = 0 "
                            f"GROUP BY v ORDER BY v", (path, kind)).fetchall()
        return [(v if v not in ("",) else None, int(n)) for v, n in rows]

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
