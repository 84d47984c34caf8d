"""Ties made by hand between two records on this PC: a record's ties, making one and removing one, as records of the
built-in section `tie` (lan_server/records/ties.py), so they sync, keep history and are undone like any record."""

from __future__ import annotations

from client.core.i18n import _
from client.core.replica import Replica
from client.core.rights import rights_of
from lan_server.records import Record
from lan_server.records.ties import ENDS, TIE, fields_of, other_end, tie_id

SHOWN = 200  # a record's ties listed on its card at most


def ties_of(replica: Replica, rec_id: str) -> list[tuple[str, Record]]:
    """(tie, the record at its other end) for each of the record's ties whose other end this PC holds and has not
    put in the bin: a record the user may not read never reaches this PC, so its tie is not shown at all."""
    found = [t for key in ENDS for t in replica.records(TIE, where={key: rec_id}, limit=SHOWN)]
    others = {t.id: other for t in found if (other := other_end(t.id, rec_id)) is not None}
    ends = replica.get_many(sorted(set(others.values())))
    out = [(tie, ends[other]) for tie, other in others.items() if other in ends and not ends[other].deleted]
    return sorted(out, key=lambda pair: pair[0])


def why_not_tie(replica: Replica, one: Record, other: Record) -> str | None:
    """None when the user may tie these two records, else why not in the user's language: they must differ, and the
    user must be allowed to change at least one of them (the server judges the same)."""
    if tie_id(one.id, other.id) is None:
        return _("These records cannot be tied.")
    rights = rights_of(replica)
    if rights.may_edit(one) or rights.may_edit(other):
        return None
    return rights.why_not_edit(one)


def tie(replica: Replica, one: Record, other: Record) -> str:
    """Tie two records (or bring back their removed tie); returns the tie's id. ValueError when it may not be."""
    problem = why_not_tie(replica, one, other)
    if problem is not None:
        raise ValueError(problem)
    rec = tie_id(one.id, other.id)
    assert rec is not None
    found = replica.get(rec)
    if found is None:
        replica.add(TIE, fields_of(rec), rec_id=rec, undoable=True)
    elif found.deleted:
        replica.undelete(rec, undoable=True)
    return rec


def untie(replica: Replica, rec: str) -> None:
    """Remove a tie: a delete op, kept in its history and undone like any."""
    replica.delete(rec, undoable=True)
