"""Edits this PC made offline that lost to a later edit another PC had already given the server: found when the
server acknowledges ours (theirs is here already) or when theirs arrives (ours was acknowledged first), and told
to the window, which says both values, who, and offers to bring ours back as a new edit. Kept in the copy until
the user has seen them: a PC restarted (or a sync run without the window) before then shows them at the next start."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable, Mapping, Sequence

from client.core.replica import Change
from lan_server.records import Op
from lan_server.records.schema import RECORD
from lan_server.records.store import HistoryEntry


@dataclass(frozen=True)
class LostEdit:
    """Our value of `field` of record `rec` that lost; `theirs` won, typed by `who` after ours but sent first."""

    rec: str
    kind: str
    field: str
    mine: Any
    theirs: Any
    who: str
    op: str  # our op's id: each lost edit is told once


def _lost(history: Sequence[HistoryEntry], device: str, field: str) -> tuple[HistoryEntry, HistoryEntry] | None:
    """(ours, theirs) when the field's current value is another PC's (`history`: its record's), stamped after our
    latest edit of it but received by the server before it: they could not have seen ours, and ours never showed
    anywhere."""
    entries = [e for e in history if e.field == field]
    theirs = next((e for e in entries if e.current), None)
    if theirs is None or theirs.dev == device or theirs.seq is None:
        return None
    ours = [e for e in entries if e.dev == device and e.seq is not None]
    if not ours:
        return None
    mine = max(ours, key=lambda e: e.hlc)
    assert mine.seq is not None  # ours are acknowledged edits only
    if mine.hlc < theirs.hlc and mine.seq > theirs.seq and mine.value != theirs.value:
        return mine, theirs
    return None


def _found(replica: Any, ops: Iterable[Op], pick: str) -> list[LostEdit]:
    found: dict[str, LostEdit] = {}
    histories: dict[str, Sequence[HistoryEntry]] = {}  # a record's history read once, however many of its fields
    for op in ops:
        if op.field == RECORD or op.field.startswith("_"):  # a new record cannot have lost; nor a reminder mark
            continue
        if op.rec not in histories:
            histories[op.rec] = replica.history(op.rec)
        pair = _lost(histories[op.rec], replica.device, op.field)
        if pair is None:
            continue
        mine, theirs = pair
        if (mine if pick == "mine" else theirs).op_id != op.id:
            continue
        found[mine.op_id] = LostEdit(op.rec, op.kind, op.field, mine.value, theirs.value, theirs.user, mine.op_id)
    return list(found.values())


def after_push(replica: Any, ops: Sequence[Op], acks: Mapping[str, int | None]) -> list[LostEdit]:
    """Our acknowledged edits that a colleague's later edit, already here, had beaten at the server."""
    return _found(replica, [op for op in ops if acks.get(op.id) is not None and op.dev == replica.device], "mine")


def after_arrival(replica: Any, ops: Sequence[Op]) -> list[LostEdit]:
    """Arrived edits that beat an edit of ours the server had acknowledged after receiving them."""
    theirs = [op for op in ops if op.dev != replica.device and op.seq is not None and op.field != RECORD]
    if not theirs:
        return []
    sent = replica.sent_fields([op.rec for op in theirs])  # one look for a page of ops: most touch nothing of ours
    return _found(replica, [op for op in theirs if (op.rec, op.field) in sent], "theirs")


KEPT = "lost_edits"  # the copy's meta key: the lost edits the user has not seen yet, oldest first


def waiting(replica: Any) -> list[LostEdit]:
    """The lost edits not seen yet, as the copy keeps them."""
    return [LostEdit(**kept) for kept in replica.meta(KEPT) or []]


def seen(replica: Any, op: str) -> None:
    """The user answered the lost edit of our op `op` (brought ours back or let theirs stand): no longer told."""
    def work() -> None:
        replica.set_meta(KEPT, [kept for kept in replica.meta(KEPT) or [] if kept["op"] != op])
    replica.transaction(work)


def acknowledge(replica: Any, ops: Sequence[Op], acks: Mapping[str, int | None]) -> None:
    """The server's acknowledgement taken in with the lost edits it shows, in one transaction: once ours leave the
    outbox they are never sent (nor found) again, so a PC stopped between the two would lose the notice."""
    def work() -> None:
        replica.acknowledge(acks)
        _tell(replica, after_push(replica, ops, acks))
    replica.transaction(work)


def arrive(replica: Any, ops: Sequence[Op], *, last_seq: int | None) -> None:
    """Arrived ops stored with the lost edits they show, in one transaction: once `last_seq` has moved past them
    they never arrive (nor are found) again, so a PC stopped between the two would lose the notice."""
    def work() -> None:
        replica.apply_remote(ops, last_seq=last_seq)
        _tell(replica, after_arrival(replica, ops))
    replica.transaction(work)


def _tell(replica: Any, lost: Sequence[LostEdit]) -> None:
    """Kept in the copy until seen, in the transaction of the step that found them (`acknowledge`, `arrive`); the
    window hears of them as a change that wrote nothing (Change.lost)."""
    if lost:
        kept = replica.meta(KEPT) or []
        told = {k["op"] for k in kept}
        replica.set_meta(KEPT, kept + [asdict(e) for e in lost if e.op not in told])
        replica.tell(Change(source="remote", records=frozenset(e.rec for e in lost),
                            kinds=frozenset(e.kind for e in lost), lost=tuple(lost)))
