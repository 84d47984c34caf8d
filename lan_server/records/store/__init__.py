"""The record store: the op log, each field's winning value, current records and their search, behind one `Store`.

Its parts, each a module of this package: `database` (the connection and the tables, written once for SQLite
and PostgreSQL), `oplog` (ops stored and merged, records rebuilt from their winners), `queries` (lists,
filters and counts), `search` (quick search over the full-text index), `feeds` (snapshot pages, a first copy,
digests), `rows` (what rows hold) and `text` (folding and sorting text)."""

from __future__ import annotations

from pathlib import Path

from lan_server.records.store.database import (
    CHUNK,
    COPY_PAGE_BYTES,
    RECORDS_KIND_INDEX,
    SQLITE_PRAGMAS,
    ddl,
    open_database,
)
from lan_server.records.store.drivers import peewee
from lan_server.records.store.feeds import Feeds
from lan_server.records.store.oplog import CHANNEL, SEQ_LOCK
from lan_server.records.store.queries import CONDITIONS, ID_KEY, Queries
from lan_server.records.store.rows import (
    OP_COLUMNS,
    ApplyResult,
    HistoryEntry,
    NewRecords,
    SnapshotRows,
    dumps,
    loads,
    op_of_row,
)
from lan_server.records.store.search import FEW_MATCHES, FEW_WORDS, fts_query, prefix_query
from lan_server.records.store.text import fold, fold_yo, sort_key, sortable

__all__ = [
    "CHANNEL", "CHUNK", "CONDITIONS", "COPY_PAGE_BYTES", "FEW_MATCHES", "FEW_WORDS", "ID_KEY", "OP_COLUMNS",
    "RECORDS_KIND_INDEX", "SEQ_LOCK", "SQLITE_PRAGMAS", "ApplyResult", "HistoryEntry", "NewRecords", "SnapshotRows",
    "Store", "ddl", "dumps", "fold", "fold_yo", "fts_query", "loads", "op_of_row", "open_database", "prefix_query",
    "sort_key", "sortable",
]


class Store(Feeds, Queries):
    """All reads and writes of records. One instance per database connection owner (one thread)."""

    def __init__(self, db: peewee.Database, *, search: bool = True) -> None:
        """`search=False` skips the full-text index (a PC's copy read only to rebuild a server from it)."""
        super().__init__(db, search=search)

    @classmethod
    def open(cls, target: str | Path, *, search: bool = True, page_size: int | None = None) -> Store:
        """`page_size`: a new SQLite file's page size (COPY_PAGE_BYTES for a PC's copy)."""
        return cls(open_database(target, page_size=page_size), search=search)
