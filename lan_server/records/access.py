"""Whose a record is, and whether a rule's scope reaches it: one rule for the server's rights (lan_server/rights.py)
and the PC's early answer (client/core/rights.py)."""

from __future__ import annotations

from typing import Callable

from lan_server.records.ops import Record

SCOPES = ("all", "group", "own", "none")
OWNER_FIELDS = ("assignee", "manager")


def owners(record: Record) -> set[str]:
    """The users a record belongs to: its assignee, its manager and the one who made it."""
    found = {str(record.fields[f]) for f in OWNER_FIELDS if record.fields.get(f)}
    if record.creator:
        found.add(record.creator)
    return found


def in_scope(user: str, record: Record | None, scope: str, shares_group: Callable[[str], bool]) -> bool:
    """Whether `scope` lets `user` at `record`: all; own (it is theirs); group (theirs, or an owner shares a group
    with them, as `shares_group(owner)` says); none."""
    if scope == "all":
        return True
    if scope == "none" or record is None:
        return False
    found = owners(record)
    if user in found:
        return True
    return scope == "group" and any(shares_group(owner) for owner in found)
