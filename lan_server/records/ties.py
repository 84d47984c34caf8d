"""Records tied by hand (a note to an organization, two contacts): a tie is a record of the built-in section `tie`
whose id names its two ends, so it syncs, keeps history and is undone like any record, and the server judges who
may read or make one from its id alone.

A tie's id is `tie:<one>:<other>`, the two records' ids sorted: tying the same two records on two PCs makes the one
tie, and tying them again after «Убрать связь» brings it back rather than making a second. Its fields `a` and `b`
repeat the ends (the PC finds a record's ties by them) and may only ever hold what the id says. Records whose id
holds a colon (the office's requisites, talk's own records) are not tied.
"""

from __future__ import annotations

from typing import Any

from lan_server.protocol.reasons import Reason
from lan_server.records.schema import DELETED

TIE = "tie"
_PREFIX = "tie"
ENDS = ("a", "b")  # the fields that hold a tie's two ends, in the order of its id


def tie_id(one: str, other: str) -> str | None:
    """The id of the tie between two records; None when they cannot be tied (the same record, an id with a colon)."""
    if not one or not other or one == other or ":" in one or ":" in other:
        return None
    a, b = sorted((one, other))
    return f"{_PREFIX}:{a}:{b}"


def ends(rec_id: str) -> tuple[str, str] | None:
    """The two records a tie's id names; None when the id is not a tie's."""
    parts = rec_id.split(":")
    if len(parts) != 3 or parts[0] != _PREFIX or tie_id(parts[1], parts[2]) != rec_id:
        return None
    return parts[1], parts[2]


def other_end(rec_id: str, one: str) -> str | None:
    """The record a tie joins `one` to; None when the tie is not one of `one`'s."""
    found = ends(rec_id)
    if found is None or one not in found:
        return None
    return found[1] if found[0] == one else found[0]


def fields_of(rec_id: str) -> dict[str, str]:
    """The fields a new tie is made with."""
    found = ends(rec_id)
    if found is None:
        raise ValueError(f"not a tie: {rec_id!r}")
    return dict(zip(ENDS, found))


def field_problem(rec_id: str, field: str, value: Any) -> str | None:
    """Why this value may not be stored in this tie's field: an end other than the id's, or a field a tie lacks."""
    found = ends(rec_id)
    if found is None:
        return Reason("tie_id", rec=rec_id)
    if field == DELETED:
        return None
    if field not in ENDS or value != found[ENDS.index(field)]:
        return Reason("tie_fixed", field=field)
    return None
