"""The database under the store: SQLite or PostgreSQL opened, its tables written once for both dialects, plain SQL,
meta, the schema and records read by id."""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
import threading
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from lan_server.records.ops import Record
from lan_server.records.schema import DELETED, Schema
from lan_server.records.store.drivers import peewee, postgresql_driver
from lan_server.records.store.rows import dumps, loads
from lan_server.records.store.text import fold, sortable

CHUNK = 500
# Rows one INSERT carries (insert_rows): an import's chunk of 2,000 records in one statement (16,000 values at 8
# columns), below what either database takes in one statement (SQLite 32,766 since 3.32, PostgreSQL 65,535; fewer
# rows where a connection allows fewer values). Each statement more makes the writer take the interpreter lock back
# once more, waiting behind the import's reading.
ROWS_PER_INSERT = 2000
T = TypeVar("T")
NORMAL, FULL = 1, 2  # SQLite's `synchronous` levels
# How long a thread that wants the interpreter lock waits before the one running Python is made to let it go. A
# thread running statements (a PC's writer, the server's database thread) works without the lock but takes it back
# after each (~16 an import's chunk, ~15 a push): at Python's 5 ms it waited behind the other thread (an import's
# reading, the event loop decoding the next push), and the two ran in turn.
SWITCH_S = 0.001
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    # FULL: an acknowledged op or a queued offline edit survives a power cut, not only a crash.
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "cache_size": -32000,
}



# The lists' index: a section's records in title order.
RECORDS_KIND_INDEX = "CREATE INDEX IF NOT EXISTS records_kind ON records(kind, deleted, sort, id)"
# The tables, written once: only these words differ between the dialects. The server on PostgreSQL searches
# with LIKE on its own column; a SQLite copy has the full-text index and its word list instead.
_DIALECT = {
    True: {"int": "INTEGER", "serial": "INTEGER", "no_rowid": " WITHOUT ROWID", "search": ""},
    False: {"int": "BIGINT", "serial": "BIGSERIAL", "no_rowid": "",
            "search": ",\n        search TEXT NOT NULL DEFAULT ''"},
}
_TABLES = [
    # The op log: every op, numbered on the server (seq). A record op's row there holds no value: its values are
    # its record's making in `cur`. A PC keeps no row for a record op.
    """CREATE TABLE IF NOT EXISTS ops (
        id TEXT PRIMARY KEY, seq {int} UNIQUE, rec TEXT NOT NULL, kind TEXT NOT NULL,
        field TEXT NOT NULL, value TEXT, hlc {int} NOT NULL, dev TEXT NOT NULL, usr TEXT NOT NULL,
        batch TEXT)""",
    "CREATE INDEX IF NOT EXISTS ops_rec ON ops(rec, hlc)",
    "CREATE INDEX IF NOT EXISTS ops_batch ON ops(batch) WHERE batch IS NOT NULL",
    # Each field's latest op, and a record's making (field RECORD: every field it was made with, as a JSON map).
    """CREATE TABLE IF NOT EXISTS cur (
        rec TEXT NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL, value TEXT, hlc {int} NOT NULL,
        dev TEXT NOT NULL, op TEXT NOT NULL, usr TEXT NOT NULL, PRIMARY KEY (rec, field)){no_rowid}""",
    # A record's row: what its winning values make (data, title order, search), `stamps` their stamps' checksum.
    """CREATE TABLE IF NOT EXISTS records (
        num {serial} PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, deleted INTEGER NOT NULL,
        data TEXT NOT NULL, sort TEXT NOT NULL, updated {int} NOT NULL, creator TEXT NOT NULL DEFAULT '',
        stamps {int} NOT NULL DEFAULT 0{search})""",
    RECORDS_KIND_INDEX,
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
]
_FULL_TEXT = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')",
    # the index's words in order, read one at a time (SearchIndex._word_query): 'instance' rows come uncounted
    "CREATE VIRTUAL TABLE IF NOT EXISTS records_fts_words USING fts5vocab(records_fts, 'instance')",
    # Records written in bulk (an import, a first copy's pages) not yet in records_fts as they are now: a plain
    # table's row costs a third of an index row. `text`: the record's search text as its writer had it; NULL: to be
    # worked out from its record row when drained (an import leaves that to the drain; a record gone gets none).
    # What records_fts holds for such a record is stale; SearchIndex.drain_search indexes them, every search first.
    "CREATE TABLE IF NOT EXISTS search_pending (num INTEGER PRIMARY KEY, text TEXT)",
]


def ddl(sqlite: bool) -> list[str]:
    """The statements that make the store's tables in this dialect (each is a no-op when the table exists)."""
    return [stmt.format(**_DIALECT[sqlite]) for stmt in _TABLES] + (_FULL_TEXT if sqlite else [])


def hand_over_quickly() -> None:
    """The whole program's switch interval at SWITCH_S, for a thread running statements (a lower one is kept)."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_S))


@functools.lru_cache(maxsize=64)
def _many_rows(head: str, width: int, count: int, tail: str, row: str | None = None) -> str:
    """An INSERT of `count` rows of `width` values (each as `row` says, else all bound); the same text each time, so
    the driver's statement cache finds it without hashing 10 KB of SQL again."""
    row = row or f"({','.join('?' * width)})"
    return f"{head} VALUES {','.join([row] * count)} {tail}".rstrip()
# A PC's copy is made with 16 KB pages (SQLite's default 4 KB for the server's database, whose pushes commit a few
# rows each): an import or a first copy writes each page it fills to the log with two system calls, and
# committing an import's 100,000 records took 0.35 s of its writer in 4 KB pages, 0.21 s in 16 KB. A copy made
# by an earlier release keeps the pages it has (SQLite changes them only when the file is made).
COPY_PAGE_BYTES = 16384


def open_database(target: str | Path, *, page_size: int | None = None) -> peewee.Database:
    """A path opens (or creates) SQLite in WAL mode, a new file with pages of `page_size` bytes if given; a URL such
    as postgresql://... goes to playhouse.db_url."""
    text = str(target)
    if "://" in text:
        from playhouse.db_url import connect as connect_url
        if text.startswith("postgres"):
            postgresql_driver()
        return connect_url(text)
    Path(text).parent.mkdir(parents=True, exist_ok=True)
    pragmas = {"page_size": page_size, **SQLITE_PRAGMAS} if page_size else SQLITE_PRAGMAS  # before the log is made
    db = peewee.SqliteDatabase(text, pragmas=pragmas, check_same_thread=False)
    # SQLite's lower() and LIKE fold ASCII only: "contains" conditions fold Cyrillic (and ё) with our rule.
    db.register_function(lambda v: fold(str(v)) if v is not None else None, "fold", 1, deterministic=True)
    db.register_function(sortable, "sortable", 1, deterministic=True)
    return db



class Database:
    """The store's connection and tables: plain SQL in either dialect, meta, the schema, records by id. One
    instance per database connection owner (one thread)."""

    def __init__(self, db: peewee.Database, *, search: bool = True) -> None:
        """`search=False` skips the full-text index (a PC's copy read only to rebuild a server from it)."""
        self.db = db
        self.sqlite = isinstance(db, peewee.SqliteDatabase)
        self.search = search
        # Search text is written to search_pending instead of the index (bulk writes; SearchIndex._index_rows).
        self.defer_search = False
        # How a search has pending text drained first: by default on this connection; a PC's copy hands it to
        # its writer thread (Replica), which every write of that copy goes through.
        self.before_search: Callable[[], Any] | None = None
        self._schema: Schema | None = None
        self._synchronous: dict[int, int] = {}  # per thread: `synchronous` as read or set on its connection
        self._index_plan: dict[tuple[int, str], tuple[frozenset[str], frozenset[str]]] = {}
        self._lock = threading.RLock()
        # A list sorted by another column than the title, as ids: the window asks it page by page, and sorting
        # the Russian way runs Python per row, so it is sorted once until the data changes.
        self._order_cache: dict[tuple[Any, ...], list[str]] = {}
        self._filter_cache: dict[tuple[Any, ...], tuple[str, str, list[Any], str | None]] = {}
        self._hits: dict[int, tuple[str, tuple[int, int]]] = {}  # per thread: the search its search_hits holds
        self._scratch: dict[int, int] = {}  # per thread: rows its connection wrote to search_hits (not data)
        self._words: dict[tuple[str, tuple[int, int]], str] = {}  # _word_query's answers on this data
        self._walks: dict[tuple[str, tuple[int, int]], tuple[int, int]] = {}  # _walk_pays: (counted to, found)
        # A PC's copy is told the colleagues' names its window shows for logins (client/core/talk/people), so a
        # user field (Менеджер) sorts, filters and is searched by name; the value stored stays the login.
        self.people: Mapping[str, str] = {}
        if isinstance(db, peewee.SqliteDatabase):
            db.register_function(self._person_name, "person_name", 1)
        self.db.connect(reuse_if_open=True)
        with self.db.atomic():
            for stmt in ddl(self.sqlite):
                self.db.execute_sql(stmt)

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

    def insert_rows(self, head: str, rows: Sequence[Sequence[Any]], tail: str = "", *, row: str | None = None) -> int:
        """`head` ("INSERT INTO t(a, b)") for each of `rows`, many rows to one statement (VALUES (..), (..), ...),
        then `tail` (an ON CONFLICT clause; on PostgreSQL a DO UPDATE may not meet one key twice in a statement).
        `row`: one row's VALUES where some are written in the SQL, as "(?, NULL, ?)" (sqlite3 looks each None it
        binds up among its adapters: a value that is NULL in every row costs nothing written there).

        executemany steps its statement once per row, and for each row the thread takes the interpreter lock back
        (waiting while another thread runs Python: an import's reading) and SQLite starts over: into the records
        table, with its indexes, that costs twice the processor time of the same rows in one statement, whose whole
        work SQLite does without the lock.

        Returns the row id of the last row inserted (SQLite; 0 for no rows)."""
        if not rows:
            return 0
        width = len(rows[0])
        per = max(1, min(ROWS_PER_INSERT, self._most_values() // width))
        last = 0
        for start in range(0, len(rows), per):
            part = rows[start:start + per]
            cursor = self.execute(_many_rows(head, width, len(part), tail, row), tuple(chain.from_iterable(part)))
            last = cursor.lastrowid
        return int(last or 0)

    def _most_values(self) -> int:
        """How many values one statement may carry on this connection."""
        if not self.sqlite:
            return 65535
        connection = self.db.connection()
        if hasattr(connection, "getlimit"):  # Python 3.11
            return int(connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
        return 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999

    def atomic(self, *, immediate: bool = False) -> Any:
        """A transaction (a savepoint inside one); `immediate` takes SQLite's write lock at its start, so one that
        reads before it writes cannot be refused the lock halfway."""
        return self.db.atomic(lock_type="IMMEDIATE") if immediate and self.sqlite else self.db.atomic()

    def unsynced(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` with commits that do not wait for the disk (SQLite's WAL stays whole; a power cut may lose the
        latest of them): for writes taken back whole after a crash anyway, a held import batch's chunks, whose
        release then commits as every write does. Inside a transaction, `fn` runs as it is."""
        if not self.sqlite or self.db.in_transaction():
            return fn(*args)
        was = self.synchronous()
        self.synchronous(NORMAL)
        try:
            return fn(*args)
        finally:
            self.synchronous(was)

    def synchronous(self, level: int | None = None) -> int:
        """SQLite's `synchronous` on this connection (1 NORMAL, 2 FULL), set to `level` if given; kept here, so an
        import's chunk does not read it back each time (a statement, and a turn of the interpreter lock more)."""
        thread = threading.get_ident()  # each thread has its connection
        if level is not None:
            self.execute(f"PRAGMA synchronous = {level}")
            self._synchronous[thread] = level
        elif thread not in self._synchronous:
            self._synchronous[thread] = int(self.execute("PRAGMA synchronous").fetchone()[0])
        return self._synchronous[thread]

    def busy_timeout(self, seconds: float) -> None:
        """How long SQLite retries a lock another connection holds before it says "database is locked"."""
        if self.sqlite:
            self.db.execute_sql(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

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

    def forget_schema(self) -> None:
        """Read the schema again next time (another connection committed `_kind`/`_field` changes)."""
        self._schema = None


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

    def kinds_of(self, rec_ids: Sequence[str]) -> dict[str, str]:
        """The section of each of these records (what a fan-out asks first: most users read whole sections)."""
        out: dict[str, str] = {}
        for chunk in self._chunks(list(rec_ids)):
            out.update(self.execute(f"SELECT id, kind FROM records WHERE id IN ({','.join('?' * len(chunk))})",
                                    chunk).fetchall())
        return out

    def sent_fields(self, dev: str, rec_ids: Sequence[str]) -> set[tuple[str, str]]:
        """(record, field) of these records that device `dev` edited and the server acknowledged: where an edit
        arriving from elsewhere may have beaten one of that device's (client/core/lost_edits.py)."""
        out: set[tuple[str, str]] = set()
        for chunk in self._chunks(sorted(set(rec_ids))):
            marks = ",".join("?" * len(chunk))
            out.update(self.execute(f"SELECT DISTINCT rec, field FROM ops WHERE rec IN ({marks}) AND dev = ? "
                                    "AND seq IS NOT NULL", [*chunk, dev]).fetchall())
        return out

    def tell_names(self, people: Mapping[str, str]) -> None:
        """login -> the name shown for it: lists sort and filter a user field by these names from now on."""
        if dict(people) != self.people:
            self.people = dict(people)
            self._order_cache, self._filter_cache = {}, {}  # lists sorted or matched by the names before

    def _person_name(self, login: Any) -> Any:
        """SQL's person_name(): the name a stored login shows as (a login no one is named by stays itself)."""
        return self.people.get(login, login) if login.__class__ is str else login

    def _version(self) -> tuple[int, int]:
        """Changes whenever the database does: another connection's commit, or a write on this one."""
        return (self.execute("PRAGMA data_version").fetchone()[0],
                self.db.connection().total_changes - self._scratch.get(threading.get_ident(), 0))

    def _json_field(self, key: str) -> tuple[str, str]:
        if self.sqlite:
            return "json_extract(data, ?)", "$." + json.dumps(key)
        return "(data::json ->> ?)", key
