"""The op and the record it builds, with the last-writer-wins order.

An op sets one field of a record, or makes a whole record: a record op (field RECORD) carries all the fields
a record is made with under one stamp, and its id is its record's id (a record is made once, so a resend is
known by it). Each field of a record op counts as a field op with the record op's stamp: a later op of that
field supersedes it, an earlier one loses to it, exactly as if the record had been made field by field."""

from __future__ import annotations

import os
import random
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from lan_server.protocol.reasons import Reason
from lan_server.records.schema import DELETED, RECORD

MAX_VALUE_DEPTH = 8
# One value (a photo shrunk to 320 px is about 60 KB) stays far below a frame (8 MiB), so a page of them
# always travels; a bigger value is refused where it is typed, with this reason.
MAX_VALUE_BYTES = 1024 * 1024
# A record made in one op travels in one push page (frames are at most 8 MiB); a bigger one is made field by field.
MAX_RECORD_BYTES = 4 * 1024 * 1024


def value_problem(value: Any, limit: int = MAX_VALUE_BYTES) -> str | None:
    """Why `value` cannot be a field's value (a type JSON has no word for, or more than `limit` bytes), else None."""
    measured = _measure(value, limit)
    return measured if isinstance(measured, str) else None


def _measure(value: Any, limit: int) -> int | str:
    """The bytes `value` takes (at most about; small text is counted at 4 bytes a character), or why it cannot be
    stored."""
    if isinstance(value, str) and len(value) <= limit // 4:  # most values: no UTF-8 char has 5 bytes
        return 4 * len(value)
    size = 0
    todo = [(value, 0)]
    while todo:
        v, depth = todo.pop()
        if v is None or isinstance(v, (bool, int, float)):
            size += 8
        elif isinstance(v, str):
            size += len(v.encode("utf-8", "surrogatepass"))
        elif isinstance(v, (list, tuple, dict)):
            if depth >= MAX_VALUE_DEPTH:
                return f"a value nested deeper than {MAX_VALUE_DEPTH} levels"
            if isinstance(v, dict):
                if not all(isinstance(k, str) for k in v):
                    return "a map value needs text keys"
                todo += [(k, depth + 1) for k in v]
            todo += [(x, depth + 1) for x in (v.values() if isinstance(v, dict) else v)]
        else:
            return f"a value must be text, a number, yes/no, a list or a map, not {type(v).__name__}"
        if size > limit:
            return Reason("value_too_large", mb=limit // 1024 // 1024)
    return size


def record_problem(values: Any) -> str | None:
    """Why `values` cannot be the value of a record op (a field's value as `value_problem` says, or all of them
    past MAX_RECORD_BYTES), else None."""
    if not isinstance(values, dict) or not values:
        return "a record op's value must map its fields to their values"
    size = 0
    quarter = MAX_VALUE_BYTES // 4
    for key, value in values.items():
        if not isinstance(key, str) or not key or key == RECORD:
            return "a record op's fields must be named"
        if value.__class__ is str and len(value) <= quarter:  # most values: measured as _measure would
            size += 4 * len(value)
            continue
        measured = _measure(value, MAX_VALUE_BYTES)
        if isinstance(measured, str):
            return measured
        size += measured
    if size > MAX_RECORD_BYTES:
        return Reason("record_too_large", mb=MAX_RECORD_BYTES // 1024 // 1024)
    return None


def records_problem(records: Iterable[Mapping[str, Any]]) -> str | None:
    """The first problem of many new records' values (an import's), as `value_problem` over every value and then
    `record_problem` over every record would say it, in one pass (most values are short text, measured inline)."""
    records = list(records)
    later: str | None = None  # a record's own problem (a key, its size) is said only when no value has one
    quarter = MAX_VALUE_BYTES // 4
    names: set[Any] = set()  # the records' field names, looked at once: an import's rows share a few
    for values in records:
        size = 0
        for value in values.values():
            if value.__class__ is str and len(value) <= quarter:
                size += 4 * len(value)
                continue
            measured = _measure(value, MAX_VALUE_BYTES)
            if isinstance(measured, str):
                return measured
            size += measured
        names.update(values)
        if later is None and size > MAX_RECORD_BYTES:
            later = record_problem(dict(values))
    if all(name.__class__ is str and name and name != RECORD for name in names):
        return later
    for values in records:  # a bad name: the first record whose own problem it is, or a bigger one's before it
        if values and (problem := record_problem(dict(values))) is not None:
            return problem
    return later


# Ids are names, not secrets (every request is judged by the user's rights, whatever id it names): a generator
# seeded from the system's randomness makes them 20 times faster than asking the system for each (an import
# makes one per value), and is seeded again in a forked process so two processes never share a sequence.
_random = random.Random(secrets.randbits(128))
if hasattr(os, "register_at_fork"):  # POSIX; Windows starts processes afresh
    os.register_at_fork(after_in_child=lambda: _random.seed(secrets.randbits(128)))


def new_id() -> str:
    """32 hex digits: milliseconds since 1970, then 80 random bits (the layout of a UUIDv7).

    Ids made later sort later, so the indexes keyed by them grow at the end instead of splitting pages at
    random places: imports and first syncs write much less.
    """
    return f"{time.time_ns() // 1_000_000:012x}{_random.getrandbits(80):020x}"


def new_ids(n: int) -> list[str]:
    """`n` ids laid out as new_id's, made at once (an import's block of new records: a quarter of the time)."""
    now = f"{time.time_ns() // 1_000_000:012x}"
    bits = f"{_random.getrandbits(80 * n):0{20 * n}x}"
    return [now + bits[k:k + 20] for k in range(0, 20 * n, 20)]


@dataclass(frozen=True)
class Op:
    id: str
    rec: str
    kind: str
    field: str
    value: Any
    hlc: int
    dev: str
    user: str = ""
    seq: int | None = None  # set by the server when accepted

    @property
    def whole(self) -> bool:
        """Whether this op makes a whole record (its value maps each field to its value)."""
        return self.field == RECORD

    def values(self) -> dict[str, Any]:
        """The fields this op sets, with their values."""
        return dict(self.value) if self.field == RECORD else {self.field: self.value}

    def field_ops(self) -> list[Op]:
        """The op as field ops with its stamp, for a PC of a release before record ops (protocol 1): a field's
        op is named `<record op id>.<field>`, so each is stored once there and a resend stays recognised; the
        first carries the op's sequence number (such a PC's log numbers each op once)."""
        if self.field != RECORD:
            return [self]
        return [Op(id=field_op_id(self.id, key), rec=self.rec, kind=self.kind, field=key, value=value, hlc=self.hlc,
                   dev=self.dev, user=self.user, seq=self.seq if i == 0 else None)
                for i, (key, value) in enumerate(self.value.items())]

    @property
    def order(self) -> tuple[int, str, str]:
        """Sort key for last-writer-wins: the larger wins; ties break on device id, then op id."""
        return (self.hlc, self.dev, self.id)

    def to_wire(self) -> dict[str, Any]:
        """The op as a map (with its `seq` once it has one)."""
        # Its fields are the wire's keys in the wire's order (the fan-out sends one per op to every PC): a copy of
        # them is a third of the cost of a map built key by key.
        d = self.__dict__.copy()
        if d["seq"] is None:
            del d["seq"]
        return d

    def with_seq(self, seq: int | None) -> Op:
        """The op under the sequence number the server gave it."""
        return _built({**self.__dict__, "seq": seq})

    def to_row(self) -> list[Any]:
        """The op as a row (to a PC that said in hello it reads them): its values in ROW_FIELDS' order, its id after
        them only where it is not its record's (a record op's is)."""
        d = self.__dict__
        row = [d["rec"], d["kind"], d["field"], d["value"], d["hlc"], d["dev"], d["user"], d["seq"]]
        if d["id"] != d["rec"]:
            row.append(d["id"])
        return row

    @classmethod
    def read(cls, d: Any) -> Op:
        """An op as it travels: a map, or a row (between a server and a PC that told each other they read them; an
        earlier server or PC sends maps); raises ValueError when it is neither or a value is missing or wrong."""
        if d.__class__ is list:
            return cls.from_row(d)
        if not isinstance(d, Mapping):
            raise ValueError("an op is a map or a row")
        return cls.from_wire(d)

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Op:
        """Build from a row (to_row); raises ValueError when it is not one or a value is of the wrong type."""
        if len(row) not in (len(ROW_FIELDS), len(ROW_FIELDS) + 1):
            raise ValueError(f"an op row holds {len(ROW_FIELDS)} or {len(ROW_FIELDS) + 1} values")
        rec = row[0]
        # in Op's order, as from_wire's: to_wire copies them as they stand
        return _checked({"id": row[8] if len(row) > 8 else rec, "rec": rec, "kind": row[1], "field": row[2],
                         "value": row[3], "hlc": row[4], "dev": row[5], "user": row[6] or "", "seq": row[7]})

    @classmethod
    def from_wire(cls, d: Mapping[str, Any]) -> Op:
        """Build from a wire map; raises ValueError when a key is missing or of the wrong type."""
        try:
            fields = {"id": d["id"], "rec": d["rec"], "kind": d["kind"], "field": d["field"], "value": d.get("value"),
                      "hlc": d["hlc"], "dev": d["dev"], "user": d.get("user", "") or "", "seq": d.get("seq")}
        except KeyError as e:
            raise ValueError(f"op lacks {e.args[0]!r}") from None
        return _checked(fields)


def op_id_of(d: Any) -> Any:
    """The id an op sent as a map or a row claims (whatever it is), to name it when it is refused."""
    if isinstance(d, Mapping):
        return d.get("id")
    if isinstance(d, list) and len(d) in (len(ROW_FIELDS), len(ROW_FIELDS) + 1):
        return d[-1] if len(d) > len(ROW_FIELDS) else d[0]
    return None


# An op's values as a row carries them (Op.to_row): a change frame's op is half the bytes of its map, which the
# server's connection to each PC encrypts and sends once per PC (a push of 1,000 new records to 25 PCs: 3.7 MB of
# maps, of which the keys and a record op's id twice are half).
ROW_FIELDS = ("rec", "kind", "field", "value", "hlc", "dev", "user", "seq")


def _checked(fields: dict[str, Any]) -> Op:
    """An Op of these fields (each of Op's, by name) once they are checked; raises ValueError naming the first wrong."""
    for name in ("id", "rec", "kind", "field", "dev", "user"):
        if fields[name].__class__ is not str and not isinstance(fields[name], str):
            raise ValueError(f"op {name} must be a string")
    if not fields["id"] or not fields["rec"] or not fields["kind"] or not fields["field"]:
        raise ValueError("op id, rec, kind and field must not be empty")
    stamp, seq = fields["hlc"], fields["seq"]
    if not isinstance(stamp, int) or isinstance(stamp, bool) or stamp < 0 or stamp >= 1 << 63:
        raise ValueError("op hlc must be a non-negative 63-bit integer")
    if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool)):
        raise ValueError("op seq must be an integer")
    if fields["field"] == RECORD:
        if fields["id"] != fields["rec"]:
            raise ValueError("a record op takes its record's id")
        problem = record_problem(fields["value"])
    else:
        problem = value_problem(fields["value"])
    if problem:
        raise ValueError(problem)
    return _built(fields)


def _built(fields: dict[str, Any]) -> Op:
    """An Op of checked fields (each of Op's, by name), made without the frozen dataclass's one __setattr__ call per
    field: the server makes one for every op it is sent and another as it numbers it."""
    op = object.__new__(Op)
    op.__dict__.update(fields)
    return op


@dataclass
class Record:
    id: str
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    creator: str = ""  # who wrote its first value

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "fields": dict(self.fields)}


def field_op_id(record_op_id: str, key: str) -> str:
    """How a field of a record op is named where it travels as a field op of its own (Op.field_ops)."""
    return f"{record_op_id}.{key}"


def record_op(rec: str, kind: str, values: Mapping[str, Any], *, hlc: int, dev: str, user: str) -> Op:
    """The op that makes record `rec` with these fields, under one stamp."""
    return Op(id=rec, rec=rec, kind=kind, field=RECORD, value=dict(values), hlc=hlc, dev=dev, user=user)


def ops_for_fields(rec: str, kind: str, values: Mapping[str, Any], *, clock_now: Any, dev: str,
                   user: str) -> list[Op]:
    """One op per field value, stamped by `clock_now()` (an hlc Clock's `now`)."""
    return [Op(id=new_id(), rec=rec, kind=kind, field=k, value=v, hlc=clock_now(), dev=dev, user=user)
            for k, v in values.items()]


def delete_op(rec: str, kind: str, *, clock_now: Any, dev: str, user: str, deleted: bool = True) -> Op:
    return Op(id=new_id(), rec=rec, kind=kind, field=DELETED, value=deleted, hlc=clock_now(), dev=dev, user=user)
