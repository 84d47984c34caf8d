"""Undo of this PC's session: each undoable edit is a batch, undone as an import is, by new ops."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from lan_server.records import Op, Store, new_id
from lan_server.records.schema import DELETED

Stamp = Callable[[str, str, Mapping[str, Any]], list[Op]]  # (record, kind, values) -> the ops that set them
KEPT = 100  # the last hundred edits of a session can be undone
EDIT_BATCH = "edit:"  # how an undoable edit's batch is named: it can be undone in its session only


class UndoList:
    """The batches of this session's undoable edits, newest last (the PC's, not a widget's)."""

    def __init__(self) -> None:
        self._batches: list[str] = []
        self.named: list[str] = []  # every batch this session named: what they made need be kept no longer

    def batch_for(self, batch: str | None, undoable: bool) -> str | None:
        """The batch an edit is written in: an undoable one gets one of its own (or the caller's), remembered."""
        if not undoable:
            return batch
        batch = batch or f"{EDIT_BATCH}{new_id()}"
        self._batches.append(batch)
        self.named.append(batch)
        del self._batches[:-KEPT]
        return batch

    def __bool__(self) -> bool:
        return bool(self._batches)

    def pop(self) -> str | None:
        return self._batches.pop() if self._batches else None


def reversal(store: Store, batch: str, stamp: Stamp, made: Sequence[str] = ()) -> tuple[list[str], list[Op]]:
    """The records `batch` touched, and the ops that undo it: records it created (`made`: those it made in one op
    each) are deleted, fields it changed get the values they had before it (later edits and later batches do
    not count)."""
    # A record the batch made is undone by deleting it, whatever came after: nothing of it is older than its making
    # (each later stamp was taken by a clock that had seen it), so neither its history nor its values are read, and
    # its section comes with all the others' in one query (an import of 40,000 rows read three queries a record).
    kinds = store.kinds_of(made)
    ops = store.ops_of_batch(batch)
    by_rec: dict[str, list[Op]] = {}  # each record's ops gathered once: a scan of all per record took an import of
    for op in ops:                    # 40,000 rows minutes to undo, the window waiting
        if op.rec not in kinds:
            by_rec.setdefault(op.rec, []).append(op)
    batch_ids = {op.id for op in ops}
    recs = sorted(kinds.keys() | by_rec.keys())
    undo: list[Op] = []
    for rec in recs:
        if rec in kinds:
            undo += stamp(rec, kinds[rec], {DELETED: True})
            continue
        mine = by_rec[rec]
        history = store.history(rec)
        first = min(op.hlc for op in mine)
        earlier = [h for h in history if h.op_id not in batch_ids and h.hlc < first]
        record = store.get(rec)
        if record is None:
            continue
        if not earlier:
            undo += stamp(rec, record.kind, {DELETED: True})
            continue
        restore: dict[str, Any] = {}
        for fld in {key for op in mine for key in op.values()}:
            before = [h for h in earlier if h.field == fld]
            restore[fld] = before[-1].value if before else None
        undo += stamp(rec, record.kind, restore)
    return recs, undo
