"""Replies with structure, typed on both sides: acks and refusals of a push, snapshot records, history entries.

On the wire they stay compact lists (the format 0.1 speaks); code on either side reads fields by name, and
`from_wire` checks what it reads (a malformed reply raises ValueError, never an IndexError deep in sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple, Sequence

from lan_server.protocol.reasons import Reason


def _str(v: Any, what: str) -> str:
    if not isinstance(v, str):
        raise ValueError(f"{what} must be text")
    return v


def _int(v: Any, what: str, *, optional: bool = False) -> int | None:
    if v is None and optional:
        return None
    if not isinstance(v, int) or isinstance(v, bool):
        raise ValueError(f"{what} must be an integer")
    return v


def _names(values: dict[Any, Any]) -> bool:
    """Whether every key of a making's values is text: joined in one C call (a first copy reads a million makings;
    a generator over the keys cost 1 µs each)."""
    try:
        "".join(values)
    except TypeError:
        return False
    return True


def _list(v: Any, size: int, what: str) -> Sequence[Any]:
    if not isinstance(v, (list, tuple)) or len(v) < size:
        raise ValueError(f"{what} must be a list of at least {size}")
    return v


# A snapshot record as the store reads and writes it: (rec, kind, [[field, value, hlc, dev, op, user], ...],
# [values, hlc, dev, user] of its making, or None for a record made field by field), and from a server of 0.4 on
# its row as ready: [title order, search text or None] (Ready), which a PC writes as it is.
Page = tuple[str, str, list[list[Any]], list[Any] | None] | tuple[str, str, list[list[Any]], list[Any] | None,
                                                                  list[Any]]


class Ack(NamedTuple):
    """The server has the op (`seq`); `stamp` is its clock stamp when the server had to clamp it. A named tuple:
    a push of 1,000 ops makes 1,000 of them, each a third of a frozen dataclass's cost."""

    op: str
    seq: int | None
    stamp: int | None = None

    def to_wire(self) -> list[Any]:
        return [self.op, self.seq] if self.stamp is None else [self.op, self.seq, self.stamp]

    @classmethod
    def from_wire(cls, v: Any) -> Ack:
        v = _list(v, 2, "an ack")
        return cls(_str(v[0], "an ack's op"), _int(v[1], "an ack's seq", optional=True),
                   _int(v[2], "an ack's stamp") if len(v) > 2 else None)


@dataclass(frozen=True)
class Refusal:
    """An op the server refused, and why: a `Reason` (its sentence, code and parameters), or from an older server
    a bare sentence."""

    op: str
    reason: str

    def to_wire(self) -> list[Any]:
        if isinstance(self.reason, Reason):
            return [self.op, str(self.reason), self.reason.to_wire()]
        return [self.op, self.reason]

    @classmethod
    def from_wire(cls, v: Any) -> Refusal:
        v = _list(v, 2, "a refusal")
        text = _str(v[1], "a refusal's reason")
        return cls(_str(v[0], "a refusal's op"), (Reason.from_wire(v[2]) if len(v) > 2 else None) or text)


@dataclass(frozen=True)
class FieldValue:
    """One winning value of a record, as a snapshot carries it."""

    field: str
    value: Any
    hlc: int
    dev: str
    op: str
    user: str = ""

    def to_wire(self) -> list[Any]:
        return [self.field, self.value, self.hlc, self.dev, self.op, self.user]

    @classmethod
    def from_wire(cls, v: Any) -> FieldValue:
        v = _list(v, 5, "a field value")
        return cls(_str(v[0], "a field"), v[1], _int(v[2], "a stamp") or 0, _str(v[3], "a device"),
                   _str(v[4], "an op id"), _str(v[5], "a user") if len(v) > 5 else "")


@dataclass(frozen=True)
class Base:
    """A record's making (its record op, whose id is the record's): the fields it was made with, one stamp."""

    values: Mapping[str, Any]
    hlc: int
    dev: str
    user: str = ""

    def to_wire(self) -> list[Any]:
        return [dict(self.values), self.hlc, self.dev, self.user]

    @classmethod
    def from_wire(cls, v: Any) -> Base:
        v = _list(v, 3, "a record's making")
        if not isinstance(v[0], dict) or not all(isinstance(k, str) for k in v[0]):
            raise ValueError("a record's making must map its fields to their values")
        return cls(v[0], _int(v[1], "a stamp") or 0, _str(v[2], "a device"), _str(v[3], "a user") if len(v) > 3 else "")


@dataclass(frozen=True)
class SnapshotRecord:
    """A record as a first copy carries it: its making (when it was made in one op) and the field values that
    superseded it or were set field by field."""

    rec: str
    kind: str
    fields: tuple[FieldValue, ...]
    base: Base | None = None

    def to_wire(self) -> list[Any]:
        return [self.rec, self.kind, [f.to_wire() for f in self.fields]] + (
            [self.base.to_wire()] if self.base is not None else [])

    @classmethod
    def from_wire(cls, v: Any) -> SnapshotRecord:
        v = _list(v, 3, "a snapshot record")
        if not isinstance(v[2], (list, tuple)):
            raise ValueError("a snapshot record's fields must be a list")
        base = Base.from_wire(v[3]) if len(v) > 3 and v[3] is not None else None
        return cls(_str(v[0], "a record id"), _str(v[1], "a kind"), tuple(FieldValue.from_wire(f) for f in v[2]), base)

    @staticmethod
    def page_from_wire(v: Any) -> Page:
        """What from_wire(v).as_page() gives, checked the same way, without building the objects between (a
        first copy reads a million field values)."""
        if not (isinstance(v, (list, tuple)) and len(v) >= 3 and isinstance(v[0], str) and isinstance(v[1], str)
                and isinstance(v[2], (list, tuple))):
            return SnapshotRecord.from_wire(v).as_page()  # says what is wrong
        base = v[3] if len(v) > 3 else None
        if base is not None and not (isinstance(base, list) and len(base) == 4 and base[0].__class__ is dict
                                     and base[1].__class__ is int and base[2].__class__ is str
                                     and base[3].__class__ is str and _names(base[0])):
            return SnapshotRecord.from_wire(v).as_page()  # says what is wrong, or mends
        fields: Any = v[2]  # none: a record made in one op and not edited since, the most common
        # what a server sends is kept as it came, no copy; anything else is read field by field
        if fields and not (isinstance(fields, list) and all(
                isinstance(f, list) and len(f) == 6 and f[0].__class__ is str and f[2].__class__ is int
                and f[3].__class__ is str and f[4].__class__ is str and f[5].__class__ is str for f in fields)):
            fields = [FieldValue.from_wire(f).to_wire() for f in fields]  # says what is wrong, or mends
        ready = v[4] if len(v) > 4 else None
        if ready.__class__ is list and len(ready) == 2 and ready[0].__class__ is str and (
                ready[1] is None or ready[1].__class__ is str):
            return v[0], v[1], fields or [], base, ready
        return v[0], v[1], fields or [], base  # no row ready (a server before 0.4), or one not well formed: worked out

    @staticmethod
    def pages_from_wire(records: Sequence[Any]) -> list[Page]:
        """page_from_wire of each of a page's records; the usual one (made in one op, not edited since, its row
        ready, as a server sends it) is checked in the loop itself, with no call of its own (a first copy reads
        every record of the office, and the call and its checks cost more than reading the record)."""
        out: list[Page] = []
        append = out.append
        for v in records:
            if v.__class__ is list and len(v) == 5:
                rec, kind, fields, base, ready = v
                if (rec.__class__ is str and kind.__class__ is str and fields.__class__ is list and not fields
                        and base.__class__ is list and len(base) == 4 and base[0].__class__ is dict
                        and base[1].__class__ is int and base[2].__class__ is str and base[3].__class__ is str
                        and ready.__class__ is list and len(ready) == 2 and ready[0].__class__ is str
                        and (ready[1] is None or ready[1].__class__ is str) and _names(base[0])):
                    append((rec, kind, fields, base, ready))
                    continue
            append(SnapshotRecord.page_from_wire(v))
        return out

    def as_page(self) -> Page:
        """The form the store writes (Store.load_snapshot)."""
        return self.rec, self.kind, [f.to_wire() for f in self.fields], \
            self.base.to_wire() if self.base is not None else None


@dataclass(frozen=True)
class HistoryItem:
    """One value a field had, with who and when; `current` marks the winner."""

    field: str
    value: Any
    hlc: int
    dev: str
    user: str
    op: str
    seq: int | None
    current: bool

    def to_wire(self) -> list[Any]:
        return [self.field, self.value, self.hlc, self.dev, self.user, self.op, self.seq, self.current]

    @classmethod
    def from_wire(cls, v: Any) -> HistoryItem:
        v = _list(v, 8, "a history entry")
        return cls(_str(v[0], "a field"), v[1], _int(v[2], "a stamp") or 0, _str(v[3], "a device"),
                   _str(v[4], "a user"), _str(v[5], "an op id"), _int(v[6], "a seq", optional=True), bool(v[7]))

    def as_field_value(self) -> FieldValue:
        return FieldValue(self.field, self.value, self.hlc, self.dev, self.op, self.user)
