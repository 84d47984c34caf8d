"""The op (one field edit) and the record it builds, with the last-writer-wins order."""

from __future__ import annotations

import os
import random
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Mapping

from lan_server.protocol.reasons import Reason
from lan_server.records.schema import DELETED

WIRE_KEYS = ("id", "rec", "kind", "field", "value", "hlc", "dev", "user")
MAX_VALUE_DEPTH = 8
# One value (a photo shrunk to 320 px is about 60 KB) stays far below a frame (8 MiB), so a page of them
# always travels; a bigger value is refused where it is typed, with this reason.
MAX_VALUE_BYTES = 1024 * 1024


def value_problem(value: Any) -> str | None:
    """Why `value` cannot be a field's value (a type JSON has no word for, or too big), else None."""
    if isinstance(value, str) and len(value) <= MAX_VALUE_BYTES // 4:  # most values: no UTF-8 char has 5 bytes
        return None
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
        if size > MAX_VALUE_BYTES:
            return Reason("value_too_large", mb=MAX_VALUE_BYTES // 1024 // 1024)
    return None


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
    def order(self) -> tuple[int, str, str]:
        """Sort key for last-writer-wins: the larger wins; ties break on device id, then op id."""
        return (self.hlc, self.dev, self.id)

    def to_wire(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in WIRE_KEYS}
        if self.seq is not None:
            d["seq"] = self.seq
        return d

    @classmethod
    def from_wire(cls, d: Mapping[str, Any]) -> Op:
        """Build from a wire map; raises ValueError when a key is missing or of the wrong type."""
        try:
            op = cls(id=d["id"], rec=d["rec"], kind=d["kind"], field=d["field"], value=d.get("value"),
                     hlc=d["hlc"], dev=d["dev"], user=d.get("user", "") or "", seq=d.get("seq"))
        except KeyError as e:
            raise ValueError(f"op lacks {e.args[0]!r}") from None
        for name in ("id", "rec", "kind", "field", "dev", "user"):
            if not isinstance(getattr(op, name), str):
                raise ValueError(f"op {name} must be a string")
        if not op.id or not op.rec or not op.kind or not op.field:
            raise ValueError("op id, rec, kind and field must not be empty")
        if not isinstance(op.hlc, int) or isinstance(op.hlc, bool) or op.hlc < 0 or op.hlc >= 1 << 63:
            raise ValueError("op hlc must be a non-negative 63-bit integer")
        if op.seq is not None and (not isinstance(op.seq, int) or isinstance(op.seq, bool)):
            raise ValueError("op seq must be an integer")
        problem = value_problem(op.value)
        if problem:
            raise ValueError(problem)
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


def ops_for_fields(rec: str, kind: str, values: Mapping[str, Any], *, clock_now: Any, dev: str,
                   user: str) -> list[Op]:
    """One op per field value, stamped by `clock_now()` (an hlc Clock's `now`)."""
    return [Op(id=new_id(), rec=rec, kind=kind, field=k, value=v, hlc=clock_now(), dev=dev, user=user)
            for k, v in values.items()]


def delete_op(rec: str, kind: str, *, clock_now: Any, dev: str, user: str, deleted: bool = True) -> Op:
    return Op(id=new_id(), rec=rec, kind=kind, field=DELETED, value=deleted, hlc=clock_now(), dev=dev, user=user)
