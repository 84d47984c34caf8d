"""What the store's rows hold: values as compact JSON, ops read from rows, history entries, write results."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Sequence

import orjson

from lan_server.records.ops import Op

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: Any) -> str:
    """Compact JSON text; orjson is about ten times faster, json handles what it refuses (huge integers)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return _encode(value)


def loads(text: str) -> Any:
    return orjson.loads(text)


OP_COLUMNS = "id, rec, kind, field, value, hlc, dev, usr, seq"
STAMP_MOD = 1000000007  # a digest sums each winning value's stamp modulo this (Feeds.digest)


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
    """Rows of records new to every store, each made in one op, worked out before the writer takes them
    (Store.new_records): its making in `cur` and its record row (its search text is worked out when drained)."""

    cur: list[tuple[Any, ...]] = field(default_factory=list)
    records: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def op_ids(self) -> list[str]:
        """The record ops' ids: their records' ids."""
        return [row[0] for row in self.cur]


@dataclass
class SnapshotRows:
    """A snapshot page worked out as rows before the writer takes it (Feeds.snapshot_rows): what the writer then
    only writes (Feeds.write_snapshot), while the next page is received and worked out."""

    ids: list[str]
    kinds: set[str]
    cur: list[tuple[Any, ...]]
    # records whose whole state the page gives (kind, values, updated, creator, stamps): new to a store
    known: dict[str, tuple[str, dict[str, Any], int, str, int]]
    latest: int  # the latest stamp among them, for the PC's clock
    meta: bool  # the page holds records of the schema (sections, fields)
    # per known record: its record row and search text, worked out with `schema` (None: left to the writer)
    made: dict[str, tuple[tuple[Any, ...], str | None]] = field(default_factory=dict)
    schema: Any = None
    # per known record: its row as the server sent it ready (whatever the schema here: the server's stands)
    given: dict[str, tuple[tuple[Any, ...], str | None]] = field(default_factory=dict)


@dataclass
class ApplyResult:
    new: list[Op]
    # every op id of the call mapped to its sequence number (None where none is assigned yet)
    seqs: dict[str, int | None]
    records: set[str]
    # the section of each record new to the store (what a fan-out would otherwise read back)
    kinds: dict[str, str] = field(default_factory=dict)
